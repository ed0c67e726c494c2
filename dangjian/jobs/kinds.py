"""The kinds of background work, registered by the apps that own them (in their ready()).

A kind has a label, a ``check(user, params)`` that raises PermissionDenied or ValidationError
(called when the job is started and again inside the worker, with the owner's scope as it is
then), and a ``run(*, user, params, progress)`` returning ``(filename, bytes)``, or None for work
that leaves no file; ``progress(pct, message)`` reports how far it is. ``link(params)`` may name
the page the job's result is seen on, as ``(url, label)``.
"""
from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    check: Callable
    run: Callable
    link: Callable | None = None


_KINDS: dict[str, Kind] = {}


def register(code, label, *, check, run, link=None):
    _KINDS[code] = Kind(code, label, check, run, link)


def get(code) -> Kind:
    try:
        return _KINDS[code]
    except KeyError:
        raise ValidationError(_("没有这种后台任务。")) from None


def label(code) -> str:
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


def link(job):
    kind = _KINDS.get(job.kind)
    return kind.link(job.params) if kind and kind.link else None
