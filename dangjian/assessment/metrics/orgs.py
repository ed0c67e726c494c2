"""Metrics over the org registry: terms renewed on time and branches set up by the rules."""
from fractions import Fraction

from django.utils.translation import gettext as _

from dangjian.orgs.models import BRANCH_TYPES, PartyOrg
from dangjian.orgs.rules import branch_warnings

from .registry import Measure, capped, metric


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


@metric("branch_setup", label=_("支部设置规范"),
        inputs=("orgs.members_full", "orgs.members_current", "orgs.has_committee"))
def branch_setup(*, year, on, unit_ids, params):
    """The share of the unit's live branches set up by the rules, from the stored member
    counts (orgs/counts.py), in one query; the branches off the rules, and why, are the
    evidence. A unit with no live branch is 缺项. The counts are today's: the registry keeps
    no history of them, so ``on`` does not move them."""
    rows = (PartyOrg.objects.filter(unit_id__in=unit_ids, dissolved=False, type__in=BRANCH_TYPES)
            .order_by("name", "id").values_list("unit_id", "name", "members_full", "members_current",
                                                "has_committee"))
    counts, faults = {}, {}
    for unit_id, name, full, current, has_committee in rows:
        counts[unit_id] = counts.get(unit_id, 0) + 1
        why = branch_warnings(full_members=full, total_members=current, has_committee=has_committee)
        if why:
            faults.setdefault(unit_id, []).append(_("%(org)s：%(why)s") % {"org": name, "why": "、".join(why)})
    out = {}
    for unit_id in unit_ids:
        total = counts.get(unit_id, 0)
        if not total:
            out[unit_id] = Measure(None, (_("无党支部"),))
            continue
        off = faults.get(unit_id, [])
        out[unit_id] = Measure(Fraction(total - len(off), total), capped(off))
    return out
