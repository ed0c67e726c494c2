"""The secretaries' three-ones lists (G3 in the demo scheme): the share of a unit's items for
the scheme's year that are done, or still open and not yet due, on the day scored."""
from django.utils.translation import gettext as _

from dangjian.commitments.models import Commitment, Kind, Status
from dangjian.commitments.rules import completion_share, on_track

from .registry import Measure, capped, metric, year_end


@metric("three_ones", label=_("书记“三个一清单”推进"),
        inputs=("commitments.status", "commitments.due_on", "commitments.completed_on"))
def three_ones(*, year, on, unit_ids, params):
    """One query over all units. An item counts when done by the day, or open and not yet
    due; a shelved item or an open one past its date does not, and is the evidence. A unit
    with no list for the year is 缺项 (never zero)."""
    day = year_end(year, on)
    rows = (Commitment.objects.filter(year=year, org__unit_id__in=unit_ids)
            .order_by("org__name", "org_id", "kind")
            .values_list("org__unit_id", "org__name", "kind", "status", "due_on", "completed_on"))
    items, misses = {}, {}
    kinds, statuses = dict(Kind.choices), dict(Status.choices)
    for unit_id, org_name, kind, status, due_on, completed_on in rows:
        items.setdefault(unit_id, []).append((status, due_on, completed_on))
        if not on_track(status=status, due_on=due_on, completed_on=completed_on, on=day):
            why = statuses[status] if status == Status.SHELVED else _("已过完成时限未完成")
            misses.setdefault(unit_id, []).append(
                _("%(org)s%(kind)s：%(why)s") % {"org": org_name, "kind": kinds[kind], "why": why})
    out = {}
    for unit_id in unit_ids:
        mine = items.get(unit_id)
        if not mine:
            out[unit_id] = Measure(None, (_("本年度未建立书记“三个一清单”"),))
            continue
        out[unit_id] = Measure(completion_share(mine, day), capped(misses.get(unit_id, [])))
    return out
