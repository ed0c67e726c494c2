"""The registry of metrics, the measure they return, and the helpers they share (pure)."""
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from dangjian.records.rules import periods_between

from ..forbidden import forbidden_bases

EVIDENCE_LINES = 5       # a score card shows this many lines of a metric's evidence, then "等 N 项"


@dataclass(frozen=True)
class Measure:
    share: object | None            # a Fraction 0..1; None: 缺项
    evidence: tuple = ()            # short Chinese lines a score card shows


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    inputs: tuple                   # what it reads, by name (checked against the forbidden list)
    compute: object = field(compare=False)


REGISTRY = {}


def metric(code, *, label, inputs):
    def register(fn):
        REGISTRY[code] = Metric(code, label, tuple(inputs), fn)
        return fn
    return register


def registry_errors() -> list:
    """Metrics whose inputs name a forbidden basis (there must be none)."""
    return [f"{m.code}: {bases}" for m in REGISTRY.values()
            if (bases := forbidden_bases(" ".join((m.code, m.label, *m.inputs))))]


def compute(code, *, year, on, unit_ids, params=None) -> dict:
    """{unit_id: Measure} of the registered metric ``code`` for every unit in ``unit_ids``."""
    return REGISTRY[code].compute(year=year, on=on, unit_ids=list(unit_ids), params=params or {})


def year_end(year, on) -> date:
    """The last day of ``year`` that counts on ``on``."""
    return min(on, date(year, 12, 31))


def months_scored(year, on) -> list:
    """First days of the months of ``year`` that have ended by ``on``."""
    end = year_end(year, on)
    return periods_between("month", date(year, 1, 1), end) if end.year == year else []


def month_list(months) -> str:
    return "、".join(_("%(m)d月") % {"m": m.month} for m in months)


def capped(lines, limit=EVIDENCE_LINES) -> tuple:
    """The evidence a score card shows: every line when there are at most ``limit``, else the
    first ``limit - 1`` and "等 N 项" (N: all the lines), so it never runs past ``limit``."""
    lines = tuple(lines)
    if len(lines) <= limit:
        return lines
    return (*lines[:max(limit - 1, 0)], _("等 %(n)d 项") % {"n": len(lines)})
