"""Reads of the registry that are more than one line. Callers pass a visible_* QuerySet."""
from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import BRANCH_TYPES, Member, MemberStatus
from .rules import COMMITTEE_THRESHOLD, MAX_BRANCH_MEMBERS, MIN_FULL_MEMBERS, REMINDER_DAYS, branch_warnings


def _count_of(members):
    counted = members.filter(branch=OuterRef("pk")).order_by().values("branch").annotate(c=Count("id")).values("c")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def orgs_with_counts(orgs):
    """Annotate current member counts with correlated subqueries, in the same one query.

    Subqueries rather than a grouped join: a paginated list then counts only the rows on its
    page instead of grouping every member of the province.
    """
    current = Member.objects.filter(left_on__isnull=True)
    return orgs.annotate(
        member_count=_count_of(current),
        full_count=_count_of(current.filter(status=MemberStatus.FULL)),
    )


def attach_warnings(orgs):
    """Set ``org.warnings`` on annotated orgs (pure Python over the page, no queries)."""
    for org in orgs:
        if org.type in BRANCH_TYPES:
            org.warnings = branch_warnings(
                full_members=org.full_count, total_members=org.member_count,
                has_committee=org.has_committee,
            )
        else:
            org.warnings = []
    return orgs


def terms_ending(orgs, today: date | None = None):
    """Orgs whose term ends within the longest reminder window, or has already ended."""
    today = today or date.today()
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    return orgs.filter(dissolved=False, term_end__isnull=False, term_end__lte=horizon).order_by("term_end")


def branches_with_warnings(orgs):
    """Branches breaking a membership rule, found in the database."""
    annotated = orgs_with_counts(orgs.filter(type__in=BRANCH_TYPES, dissolved=False))
    return annotated.filter(
        Q(full_count__lt=MIN_FULL_MEMBERS)
        | Q(member_count__gt=MAX_BRANCH_MEMBERS)
        | Q(member_count__gte=COMMITTEE_THRESHOLD, has_committee=False)
    )
