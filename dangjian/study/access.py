"""Every study view goes through the gatekeeper via these helpers.

Outside the user's scope an object does not exist (404); visible but not allowed is 403.
- Sit-ins: seen by the committee and the departments, by a unit's admin for the unit and by a
  zone lead for the zone (VIEW_SIT_INS); the year's plan and coverage by the committee and the
  departments (VIEW_STUDY_PLAN); planned and recorded by the committee (CONFIGURE).
- Courses and education bases are committee-wide: anyone with registry rights sees them; the
  committee plans them. Enrolments and bookings are seen within scope and changed by whoever
  may change the member or branch concerned (unit admin, branch secretary, committee).
"""
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY, CONFIGURE, VIEW_REGISTRY, VIEW_STUDY_PLAN

from .models import Course, EducationBase
from .selectors import (
    unit_top_org, visible_bookings, visible_enrolments, visible_mentoring_pairs,
    visible_sit_ins, visible_youth_groups,
)


def require_study_plan(user):
    gatekeeper.require(user, VIEW_STUDY_PLAN)


def require_configure(user):
    gatekeeper.require(user, CONFIGURE)


def can_configure(user):
    return gatekeeper.can(user, CONFIGURE)


def get_sit_in(user, pk):
    qs = visible_sit_ins(user).select_related("plan", "unit", "unit__zone", "activity")
    return gatekeeper.get_visible_or_404(qs, pk=pk)


def get_course(user, pk):
    gatekeeper.require(user, VIEW_REGISTRY)
    return gatekeeper.get_visible_or_404(Course.objects.all(), pk=pk)


def get_base(user, pk):
    gatekeeper.require(user, VIEW_REGISTRY)
    return gatekeeper.get_visible_or_404(EducationBase.objects.all(), pk=pk)


def get_booking(user, pk):
    qs = visible_bookings(user).select_related("base", "branch", "branch__unit", "activity", "booked_by")
    return gatekeeper.get_visible_or_404(qs, pk=pk)


def get_rw_booking(user, pk):
    booking = get_booking(user, pk)
    gatekeeper.require(user, CHANGE_REGISTRY, booking.branch)
    return booking


def get_rw_enrolment(user, course, pk):
    qs = visible_enrolments(user).filter(course=course).select_related("member", "member__branch")
    enrolment = gatekeeper.get_visible_or_404(qs, pk=pk)
    gatekeeper.require(user, CHANGE_REGISTRY, enrolment.member)
    return enrolment


def get_youth_group(user, pk):
    return gatekeeper.get_visible_or_404(visible_youth_groups(user).select_related("unit"), pk=pk)


def get_mentoring_pair(user, pk):
    qs = visible_mentoring_pairs(user).select_related("unit", "mentor__branch", "mentee__branch")
    return gatekeeper.get_visible_or_404(qs, pk=pk)


def require_unit_write(user, unit):
    """Changing a unit's own study groups needs rights over the unit's top party org."""
    org = unit_top_org(unit)
    if org is None or not gatekeeper.can(user, CHANGE_REGISTRY, org):
        raise PermissionDenied


def can_write_any(user):
    return gatekeeper.can(user, CHANGE_REGISTRY)


def activity_url(activity_id):
    """Link to a study record when the records pages are mounted."""
    if not activity_id:
        return ""
    try:
        return reverse("records:detail", args=[activity_id])
    except NoReverseMatch:
        return ""
