"""Reads of open challenges, on the gatekeeper's primitives; lists in a constant number of queries.

- Projects are the committee's public calls: everyone with the challenge permission sees them.
- An application is seen by the committee (and the departments) and by the applying unit;
  to anyone else it does not exist.
- The lead unit (its admins) keeps the milestones; the committee publishes, appoints, reviews.
"""
from django.db.models import Case, CharField, Count, Q, Value, When

from dangjian.accounts.gatekeeper import RUN_CHALLENGES, TAKE_CHALLENGE, VIEW_CHALLENGES, can, unit_filter
from dangjian.orgs.models import Unit

from . import rules
from .models import Application, ChallengeProject


def visible_projects(user):
    return ChallengeProject.objects.all() if can(user, VIEW_CHALLENGES) else ChallengeProject.objects.none()


def visible_applications(user):
    return Application.objects.filter(unit_filter(user, "unit__", VIEW_CHALLENGES))


def applying_units(user):
    """The units the user may apply for (a unit admin's own unit)."""
    return Unit.objects.filter(unit_filter(user, perm=TAKE_CHALLENGE)).order_by("sort", "id")


def can_keep_milestones(user, project) -> bool:
    return can(user, RUN_CHALLENGES) or (project.lead_unit_id is not None
                                         and can(user, TAKE_CHALLENGE, project.lead_unit))


def status_case(today):
    """rules.current_status in SQL, for lists and counts (tests check that the two agree)."""
    return Case(
        When(decided=rules.PUBLISHED, apply_by__lt=today, then=Value(rules.CLOSED)),
        When(decided=rules.APPOINTED, starts_on__lte=today, then=Value(rules.IN_PROGRESS)),
        default="decided", output_field=CharField())


def project_table(qs, today, user):
    """Projects with their status, the number of applications (those the user may see), and
    milestones done and planned: one query for the rows (plus the pager's count)."""
    mine = unit_filter(user, "applications__unit__", VIEW_CHALLENGES)
    return (qs.select_related("lead_unit").annotate(
        current=status_case(today),
        application_count=Count("applications", filter=mine, distinct=True),
        milestone_count=Count("milestones", distinct=True),
        milestones_done=Count("milestones", filter=Q(milestones__done_on__isnull=False), distinct=True),
    ).order_by("-apply_by", "-id"))


def challenges_by_status(today) -> dict:
    """{status: number of projects}, every status present (the demo overview)."""
    counts = dict(ChallengeProject.objects.annotate(current=status_case(today)).order_by()
                  .values_list("current").annotate(n=Count("id")))
    return {s: counts.get(s, 0) for s in rules.STATUSES}
