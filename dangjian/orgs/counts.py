"""Stored member counts of party orgs: current members and full members per org.

Every page shows them (tree, branch list, unit pages, home panels) and the committee's home
filters 20,700 branches by them, so they are kept on ``PartyOrg`` instead of counted per
request. ``member_counts_refresh`` recomputes them from the members in ONE UPDATE statement;
it is called by the member services, the import apply and the demo seed, never from signals
or ``save()``. Unit totals are sums of these over the unit's live orgs (front.selectors).
"""
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Member, MemberStatus, PartyOrg


def _count(members):
    counted = (members.filter(branch=OuterRef("pk")).order_by().values("branch")
               .annotate(c=Count("id")).values("c"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def member_counts_refresh(*, org_ids=None) -> int:
    """Recompute the stored counts of these orgs (all orgs when None), in the database, in one
    statement. Returns the number of orgs updated."""
    current = Member.objects.filter(left_on__isnull=True)
    orgs = PartyOrg.objects.all() if org_ids is None else PartyOrg.objects.filter(pk__in=list(org_ids))
    return orgs.update(members_current=_count(current),
                       members_full=_count(current.filter(status=MemberStatus.FULL)))


def lock_orgs(org_ids):
    """Lock the orgs whose counts a member write will refresh, before the write (one query).

    Two transactions adding members to one branch then run one after the other, so the second
    refresh counts the first one's member (PostgreSQL's UPDATE would otherwise count with the
    snapshot taken before it waited for the row lock)."""
    list(PartyOrg.objects.select_for_update().filter(pk__in=list(org_ids)).values_list("pk"))
