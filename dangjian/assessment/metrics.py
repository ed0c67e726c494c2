"""Registered metrics: what a metric indicator computes from records the platform holds.

Each metric takes the scheme's year, the day to score on and the units, and returns, for
every unit, a ``Measure``: the share of its rule met (0..1) and the evidence behind it
("which months"), or a share of ``None`` when there are no facts to judge by (缺项). Each runs
a fixed number of queries over all units together, never one per unit. Every metric names its
inputs; ``registry_errors`` checks them against the forbidden bases.
"""
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from dangjian.orgs.models import OrgType, PartyOrg
from dangjian.records.models import Activity
from dangjian.records.rules import periods_between

from .forbidden import forbidden_bases


@dataclass(frozen=True)
class Measure:
    share: Fraction | None          # None: 缺项
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


def _months_scored(year, on) -> list:
    """First days of the months of ``year`` that have ended by ``on``."""
    end = min(on, date(year, 12, 31))
    return periods_between("month", date(year, 1, 1), end) if end.year == year else []


def _month_list(months) -> str:
    return "、".join(_("%(m)d月") % {"m": m.month} for m in months)


@metric("first_agenda", label=_("第一议题学习落实"), inputs=("records.first_agenda", "orgs.organ_committee"))
def first_agenda(*, year, on, unit_ids, params):
    """The share of ended months of the year in which the unit's organ committee recorded a
    first-agenda study; the months missed are the evidence. A unit without an organ
    committee, or a year with no month ended yet, is 缺项."""
    months = _months_scored(year, on)
    kind = params.get("kind", "first_agenda")
    with_committee = set(PartyOrg.objects.filter(unit_id__in=unit_ids, type=OrgType.ORGAN_COMMITTEE,
                                                 dissolved=False).values_list("unit_id", flat=True))
    held = {}
    for unit_id, month in (Activity.objects
                           .filter(kind__code=kind, org__type=OrgType.ORGAN_COMMITTEE, org__unit_id__in=unit_ids,
                                   held_on__gte=date(year, 1, 1), held_on__lte=min(on, date(year, 12, 31)))
                           .annotate(month=TruncMonth("held_on")).values_list("org__unit_id", "month").distinct()):
        held.setdefault(unit_id, set()).add(month if isinstance(month, date) else month.date())
    out = {}
    for unit_id in unit_ids:
        if unit_id not in with_committee or not months:
            out[unit_id] = Measure(None, (_("无机关党委或尚无已结束的月份"),))
            continue
        missed = [m for m in months if m not in held.get(unit_id, set())]
        evidence = (_("第一议题：%(months)s未记录") % {"months": _month_list(missed)},) if missed else ()
        out[unit_id] = Measure(Fraction(len(months) - len(missed), len(months)), evidence)
    return out


@metric("terms_on_time", label=_("按期换届"), inputs=("orgs.term_end",))
def terms_on_time(*, year, on, unit_ids, params):
    """The share of the unit's active party orgs whose term has not run out on ``on``; the
    orgs past their term are the evidence. Orgs with no term recorded are left out; a unit
    with none recorded is 缺项."""
    rows = (PartyOrg.objects.filter(unit_id__in=unit_ids, dissolved=False, term_end__isnull=False)
            .values_list("unit_id", "name", "term_end"))
    counts, overdue = {}, {}
    for unit_id, name, term_end in rows:
        counts[unit_id] = counts.get(unit_id, 0) + 1
        if term_end < on:
            overdue.setdefault(unit_id, []).append(name)
    out = {}
    for unit_id in unit_ids:
        total = counts.get(unit_id, 0)
        if not total:
            out[unit_id] = Measure(None, (_("未登记任期"),))
            continue
        late = sorted(overdue.get(unit_id, []))
        evidence = tuple(_("%(org)s 任期已届满未换届") % {"org": name} for name in late)
        out[unit_id] = Measure(Fraction(total - len(late), total), evidence)
    return out
