"""Who sees what of the selections, built on the gatekeeper's primitives.

- The committee (MANAGE_SELECTIONS) sees every round, nomination and (once review is closed)
  every score.
- A unit admin (NOMINATE) sees the rounds open to nomination and later, and only the
  nominations of the units in reach of the grant.
- A reviewer (REVIEW) sees only the rounds granted to them, only the nominations assigned to
  them, and only their own scores.
- Anyone holding VIEW_SELECTIONS sees public notices and final lists (notice and closed rounds).
Outside that an object does not exist (404).
"""
from django.db.models import Q

from dangjian.accounts.gatekeeper import NOTHING, can, unit_filter
from dangjian.accounts.roles import MANAGE_SELECTIONS, NOMINATE, REVIEW, VIEW_SELECTIONS

from .models import Assignment, Nomination, ReviewerGrant, Round, Score, Title

PUBLIC_STATUSES = (Round.Status.NOTICE, Round.Status.CLOSED)
NOMINATOR_STATUSES = (Round.Status.NOMINATING, Round.Status.REVIEWING, Round.Status.NOTICE, Round.Status.CLOSED)


def manages(user) -> bool:
    return can(user, MANAGE_SELECTIONS)


def visible_rounds(user):
    if manages(user):
        return Round.objects.all()
    q = NOTHING
    if can(user, VIEW_SELECTIONS):
        q |= Q(status__in=PUBLIC_STATUSES)
    if can(user, NOMINATE):
        q |= Q(status__in=NOMINATOR_STATUSES)
    if can(user, REVIEW):
        q |= Q(pk__in=ReviewerGrant.objects.filter(user=user).values("round_id"))
    return Round.objects.filter(q)


def visible_nominations(user):
    """Nominations as a nominator or reviewer sees them (the full file: materials, files)."""
    if manages(user):
        return Nomination.objects.all()
    q = NOTHING
    if can(user, NOMINATE):
        q |= Q(unit_filter(user, "unit__", NOMINATE))
    if can(user, REVIEW):
        q |= Q(pk__in=Assignment.objects.filter(grant__user=user).values("nomination_id"))
    return Nomination.objects.filter(q)


def public_nominations(user):
    """The shortlist of a notice and the winners of a closed round: public to VIEW_SELECTIONS."""
    if not (can(user, VIEW_SELECTIONS) or manages(user)):
        return Nomination.objects.none()
    return Nomination.objects.filter(shortlisted=True, round__status__in=PUBLIC_STATUSES)


def visible_assignments(user):
    """A reviewer's own assignments (review is theirs alone)."""
    if not can(user, REVIEW):
        return Assignment.objects.none()
    return Assignment.objects.filter(grant__user=user)


def visible_scores(user):
    """A reviewer's own scores; the committee's view of everyone's once the round is closed.
    Scores stay hidden between reviewers, always."""
    q = NOTHING
    if can(user, REVIEW):
        q |= Q(assignment__grant__user=user)
    if manages(user):
        q |= Q(assignment__grant__round__status=Round.Status.CLOSED)
    return Score.objects.filter(q)


def visible_titles(user):
    if not (can(user, VIEW_SELECTIONS) or manages(user)):
        return Title.objects.none()
    return Title.objects.all()
