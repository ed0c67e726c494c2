"""Metrics over the records of organizational life: the frequency rules, the first agenda and
the monthly discipline education. The periods each org missed are the evidence."""
from datetime import date
from fractions import Fraction

from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from dangjian.orgs.models import OrgType, PartyOrg
from dangjian.records.models import Activity
from dangjian.records.selectors import missed_lines, unit_compliance

from .registry import Measure, capped, metric, month_list, months_scored, year_end


def rules_measures(*, year, on, unit_ids, kinds, applies_to=None) -> dict:
    """The share of (org, rule, ended period) met over each unit's live orgs, for the active
    rules of ``kinds`` (and of the scope ``applies_to`` when given); the orgs' missed periods
    are the evidence. A unit with nothing to judge (no org the rules apply to, or no period
    ended yet) is 缺项. Queries: the rules, the orgs, one a (kind, period, count) of rule."""
    per_unit = unit_compliance(year, unit_ids=unit_ids, today=on, kinds=kinds, applies_to=applies_to)
    out = {}
    for unit_id in unit_ids:
        lines = per_unit.get(unit_id, [])
        due = sum(line.periods_due for line in lines)
        if not due:
            out[unit_id] = Measure(None, (_("无适用的党组织或尚无已结束的周期"),))
            continue
        met = sum(line.periods_met for line in lines)
        out[unit_id] = Measure(Fraction(met, due), capped(missed_lines(lines)))
    return out


@metric("meeting_rules", label=_("组织生活按规定频次落实"),
        inputs=("records.activities", "records.frequency_rules", "orgs.party_orgs"))
def meeting_rules(*, year, on, unit_ids, params):
    """params: {"kinds": [record kind codes]} (all kinds when left out), optional
    {"applies_to": "branches" | "committee" | "groups" | "committees"} to judge one scope only
    (the secretary's lecture rule of organ committees: A5)."""
    kinds = params.get("kinds")
    return rules_measures(year=year, on=on, unit_ids=unit_ids, kinds=None if kinds is None else list(kinds),
                          applies_to=params.get("applies_to") or None)


@metric("discipline_education", label=_("纪律教育“三个一”"),
        inputs=("records.discipline_education", "records.frequency_rules", "orgs.party_orgs"))
def discipline_education(*, year, on, unit_ids, params):
    """The monthly discipline-education rule of the branches (E2), as meeting_rules."""
    return rules_measures(year=year, on=on, unit_ids=unit_ids, kinds=[params.get("kind", "discipline_education")])


@metric("first_agenda", label=_("第一议题学习落实"), inputs=("records.first_agenda", "orgs.organ_committee"))
def first_agenda(*, year, on, unit_ids, params):
    """The share of ended months of the year in which the unit's organ committee recorded a
    first-agenda study; the months missed are the evidence. A unit without an organ
    committee, or a year with no month ended yet, is 缺项."""
    months = months_scored(year, on)
    kind = params.get("kind", "first_agenda")
    with_committee = set(PartyOrg.objects.filter(unit_id__in=unit_ids, type=OrgType.ORGAN_COMMITTEE,
                                                 dissolved=False).values_list("unit_id", flat=True))
    held = {}
    for unit_id, month in (Activity.objects
                           .filter(kind__code=kind, org__type=OrgType.ORGAN_COMMITTEE, org__unit_id__in=unit_ids,
                                   held_on__gte=date(year, 1, 1), held_on__lte=year_end(year, on))
                           .annotate(month=TruncMonth("held_on")).values_list("org__unit_id", "month").distinct()):
        held.setdefault(unit_id, set()).add(month if isinstance(month, date) else month.date())
    out = {}
    for unit_id in unit_ids:
        if unit_id not in with_committee or not months:
            out[unit_id] = Measure(None, (_("无机关党委或尚无已结束的月份"),))
            continue
        missed = [m for m in months if m not in held.get(unit_id, set())]
        evidence = (_("第一议题：%(months)s未记录") % {"months": month_list(missed)},) if missed else ()
        out[unit_id] = Measure(Fraction(len(months) - len(missed), len(months)), evidence)
    return out
