"""Reads of the registry that are more than one line. Callers pass a visible_* QuerySet."""
from datetime import date, timedelta

from django.db.models import F, Q

from .models import BRANCH_TYPES
from .rules import COMMITTEE_THRESHOLD, MAX_BRANCH_MEMBERS, MIN_FULL_MEMBERS, REMINDER_DAYS, branch_warnings


def orgs_with_counts(orgs):
    """Current and full member counts as ``member_count``/``full_count``: the stored counts
    (orgs.counts), read from the org's own row, so no page counts members per request."""
    return orgs.annotate(member_count=F("members_current"), full_count=F("members_full"))


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
        Q(members_full__lt=MIN_FULL_MEMBERS)
        | Q(members_current__gt=MAX_BRANCH_MEMBERS)
        | Q(members_current__gte=COMMITTEE_THRESHOLD, has_committee=False)
    )
