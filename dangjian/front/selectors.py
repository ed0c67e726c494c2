"""Reads the front pages need, built on the visible_* QuerySets the views pass in."""
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from dangjian.orgs.models import BRANCH_TYPES, PartyOrg, UnitCategory
from dangjian.orgs.rules import term_reminder
from dangjian.orgs.selectors import attach_warnings, orgs_with_counts


def with_tree_info(orgs):
    """Member counts plus whether an org has live children, in the same query."""
    live_children = PartyOrg.objects.filter(parent=OuterRef("pk"), dissolved=False)
    return orgs_with_counts(orgs).annotate(has_children=Exists(live_children)).select_related("unit")


def tree_roots(orgs):
    """The tops of a user's tree: visible live orgs whose parent is not visible."""
    return orgs.filter(dissolved=False).exclude(parent__in=orgs.values("pk"))


def attach_reminders(orgs, today=None):
    """Set ``org.reminder`` ('overdue', '30', '90' or None) on each org; no queries."""
    today = today or timezone.localdate()  # the committee's calendar day, not the server's
    for org in orgs:
        org.reminder = term_reminder(org.term_end, today)
    return orgs


def decorate(orgs, today=None):
    """Warnings and term reminders on an evaluated page of annotated orgs."""
    return attach_reminders(attach_warnings(list(orgs)), today)


def units_with_counts(units, orgs=None):
    """Live branches and current members per unit; counted only over ``orgs`` when given."""
    branch = Q(party_orgs__type__in=BRANCH_TYPES, party_orgs__dissolved=False)
    member = Q(party_orgs__members__left_on__isnull=True, party_orgs__dissolved=False)
    if orgs is not None:
        within = Q(party_orgs__in=orgs.values("pk"))
        branch &= within
        member &= within
    return units.annotate(
        branch_count=Count("party_orgs", filter=branch, distinct=True),
        member_count=Count("party_orgs__members", filter=member),
    )


def categories_with_counts():
    """Registry counts by unit category (the assessing departments' overview)."""
    branch = Q(unit__party_orgs__type__in=BRANCH_TYPES, unit__party_orgs__dissolved=False)
    member = Q(unit__party_orgs__members__left_on__isnull=True, unit__party_orgs__dissolved=False)
    return UnitCategory.objects.annotate(
        unit_count=Count("unit", distinct=True),
        branch_count=Count("unit__party_orgs", filter=branch, distinct=True),
        member_count=Count("unit__party_orgs__members", filter=member),
    ).order_by("sort", "id")


def unit_counts_by_zone(units):
    """{zone_id: number of units} over the given units, in one query."""
    rows = units.order_by().values("zone_id").annotate(n=Count("id"))
    return {row["zone_id"]: row["n"] for row in rows}
