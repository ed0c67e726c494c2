"""Reads the front pages need, built on the visible_* QuerySets the views pass in."""
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from dangjian.orgs.models import BRANCH_TYPES, PartyOrg, UnitCategory
from dangjian.orgs.rules import term_reminder
from dangjian.orgs.selectors import attach_warnings, orgs_with_counts


def with_tree_info(orgs):
    """Member counts plus whether an org has live children, in the same query."""
    live_children = PartyOrg.objects.filter(parent=OuterRef("pk"), dissolved=False)
    return orgs_with_counts(orgs).annotate(has_children=Exists(live_children)).select_related("unit")


def tree_roots(orgs):
    """The tops of a user's tree: visible live orgs whose parent is not visible.

    NOT EXISTS rather than NOT IN: PostgreSQL plans it as an anti-join with a true row
    estimate, where NOT IN's guess (a quarter of all orgs) priced the committee's query
    high enough to start the JIT compiler (~90 ms)."""
    return orgs.filter(dissolved=False).exclude(Exists(orgs.filter(pk=OuterRef("parent_id"))))


@dataclass
class TreeUnit:
    """A unit line of the org tree; ``roots`` is None when its orgs load on demand."""
    pk: int
    name: str
    zone_id: int | None
    roots: list | None = field(default=None)


def tree_top(*, zones, units, orgs, expand_up_to):
    """The top of the org tree in three queries whatever the size: zones, units, and one query
    for the tops of the orgs that are rendered at once.

    Up to ``expand_up_to`` units (a unit admin, a secretary) come with their orgs; above that
    (the committee: 1,820 units) a unit is a cheap line whose orgs load when it is opened.
    Orgs with no visible unit are always listed ("others").
    """
    zones = list(zones)
    lines = [TreeUnit(*row) for row in units.order_by("sort", "id").values_list("pk", "name", "zone_id")]
    expanded = len(lines) <= expand_up_to
    roots = tree_roots(orgs)
    if not expanded:  # only the orgs outside every visible unit; the units' own load on demand
        roots = roots.exclude(Exists(units.filter(pk=OuterRef("unit_id"))))
    roots = with_tree_info(roots).order_by("unit__sort", "unit_id", "sort", "id")
    unit_by_id = {u.pk: u for u in lines}
    if expanded:
        for unit in lines:
            unit.roots = []
    others = []
    for org in decorate(roots):
        unit = unit_by_id.get(org.unit_id)
        (unit.roots if unit and expanded else others).append(org)
    zone_by_id = {z.pk: z for z in zones}
    for zone in zones:
        zone.tree_units = []
    loose_units = []
    for unit in lines:
        zone = zone_by_id.get(unit.zone_id)
        (zone.tree_units if zone else loose_units).append(unit)
    return {"zones": zones, "loose_units": loose_units, "others": others, "expanded": expanded}


def unit_tree_roots(orgs, unit):
    """The tops of a user's tree inside one unit, with tree info (the unit's on-demand list)."""
    return decorate(with_tree_info(tree_roots(orgs).filter(unit=unit)).order_by("sort", "id"))


def in_order(queryset, ids):
    """The rows of ``queryset`` with these ids, in the order of ``ids`` (one query)."""
    by_id = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def attach_reminders(orgs, today=None):
    """Set ``org.reminder`` ('overdue', '30', '90' or None) on each org; no queries."""
    today = today or timezone.localdate()  # the committee's calendar day, not the server's
    for org in orgs:
        org.reminder = term_reminder(org.term_end, today)
    return orgs


def decorate(orgs, today=None):
    """Warnings and term reminders on an evaluated page of annotated orgs."""
    return attach_reminders(attach_warnings(list(orgs)), today)


def _org_sum(orgs, link, value):
    """Coalesce(SUM(value)) over the live ``orgs`` whose ``link`` is the outer row: a
    correlated subquery, so a page of 50 units adds up ~50 x 12 stored org counts."""
    rows = (orgs.filter(**{link: OuterRef("pk")}, dissolved=False).order_by().values(link)
            .annotate(s=value).values("s"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def units_with_counts(units, orgs=None):
    """Live branches and current members per unit, counted over ``orgs`` (the user's visible
    orgs; every org when None) from the orgs' stored counts, for the rows fetched only."""
    orgs = PartyOrg.objects.all() if orgs is None else orgs
    return units.annotate(
        branch_count=_org_sum(orgs.filter(type__in=BRANCH_TYPES), "unit", Count("id")),
        member_count=_org_sum(orgs, "unit", Sum("members_current")),
    )


def categories_with_counts():
    """Registry counts by unit category (the assessing departments' overview): the categories,
    then one grouped pass over the orgs' stored counts (23,306 rows at province scale)."""
    categories = list(UnitCategory.objects.annotate(unit_count=Count("unit")).order_by("sort", "id"))
    live = PartyOrg.objects.filter(dissolved=False).order_by().values("unit__category")
    sums = {row["unit__category"]: row for row in live.annotate(
        branch_count=Count("id", filter=Q(type__in=BRANCH_TYPES)), member_count=Sum("members_current"))}
    for category in categories:
        row = sums.get(category.pk, {})
        category.branch_count = row.get("branch_count", 0)
        category.member_count = row.get("member_count") or 0
    return categories


def unit_counts_by_zone(units):
    """{zone_id: number of units} over the given units, in one query."""
    rows = units.order_by().values("zone_id").annotate(n=Count("id"))
    return {row["zone_id"]: row["n"] for row in rows}
