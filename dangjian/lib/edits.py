"""Edits that lose nothing: only changed fields, compare-and-swap on a ``version`` column.

An edit form carries the version it was filled on. The service assigns the new values, asks
which fields differ from the row it loaded, and writes only those, in one
``UPDATE … SET <changed>, version = version + 1 WHERE id = … AND version = <form's>``.
If someone saved in between, no row matches: the edit is refused, nothing is written, nothing
is audited, and the second person is told to reload. On PostgreSQL the second of two
simultaneous UPDATEs waits for the first one's row lock and then re-checks its WHERE against
the committed row, so two people are never both told "saved" with one change gone.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STALE_CODE = "stale"
MAX_VERSION = 2**31 - 1        # the column is an integer on every backend


def fields_assign(obj, fields: dict, allowed) -> None:
    """Set the given fields on ``obj`` (text stripped); an unknown field is a programming error."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {unknown}")
    for f, v in fields.items():
        setattr(obj, f, v.strip() if isinstance(v, str) else v)


def changed_fields(obj, before: dict) -> list:
    """Names of the fields of ``obj`` that differ from ``before`` (a ``snapshot`` taken at load)."""
    return [name for name, old in before.items() if getattr(obj, name) != old]


def stale_error() -> ValidationError:
    return ValidationError(_("已被他人修改，请刷新后再改"), code=STALE_CODE)


def is_stale(exc: ValidationError) -> bool:
    """True when the error (or any part of it) is the stale-version refusal."""
    if hasattr(exc, "error_dict"):
        return any(e.code == STALE_CODE for errors in exc.error_dict.values() for e in errors)
    return any(e.code == STALE_CODE for e in exc.error_list)


def update_if_current(obj, *, version, fields) -> None:
    """Write ``fields`` of ``obj`` (only those) and bump its version, if the row still holds
    ``version``; else raise the stale ValidationError. Call it inside the service's
    transaction before writing anything that hangs on the row (attendance lines, the audit).

    ``version=None`` means the version ``obj`` was loaded with (a caller with no form)."""
    expected = obj.version if version is None else version
    values = {name: getattr(obj, name) for name in fields}
    matched = type(obj)._default_manager.filter(pk=obj.pk, version=expected).update(
        version=F("version") + 1, **values)
    if not matched:
        raise stale_error()
    obj.version = expected + 1


def version_field():
    """The hidden form field that carries the version the form was filled on."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=MAX_VERSION,
                              error_messages={"invalid": gettext_lazy("页面已过期，请刷新后再改")})
