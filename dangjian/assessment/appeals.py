"""Who sees which appeals, and what they may do with one (the gatekeeper's named permissions).

An appeal is in reach of whoever sees its body's score card (``VIEW_ASSESSMENT``). The inbox
narrows that: a department's inbox holds the appeals on its own entries, a unit admin's the
appeals of its own units, the committee's all of them.
"""
from datetime import timedelta

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from dangjian.accounts.gatekeeper import (
    APPEAL, CONFIGURE, SCORE, VIEW_ASSESSMENT, can, department_ids, visible_bodies,
)

from .models import Appeal, AppealMessage, Scheme


def visible_appeals(user):
    return Appeal.objects.filter(body__in=visible_bodies(user, VIEW_ASSESSMENT).values("id"))


def appeal_inbox(user):
    """The appeals a user has to deal with or is waiting on, open ones first."""
    qs = visible_appeals(user)
    if not can(user, CONFIGURE):
        departments = department_ids(user, SCORE)
        if departments:
            qs = qs.filter(department_id__in=sorted(departments))
        else:
            qs = qs.filter(body__in=visible_bodies(user, APPEAL).values("id"))
    return (qs.select_related("entry__indicator", "entry__scheme", "body__unit", "body__county_committee",
                              "department")
            .annotate(done=Case(When(state=Appeal.State.OPEN, then=Value(0)), default=Value(1),
                                output_field=IntegerField()))
            .order_by("done", "-opened_at", "-id"))


def appeal_target(body):
    """What the APPEAL permission is asked over: the body's unit (or county committee)."""
    return body.unit if body.unit_id else body.county_committee


def can_appeal(user, entry) -> bool:
    return can(user, APPEAL, appeal_target(entry.body))


def can_decide(user, appeal) -> bool:
    return can(user, SCORE, appeal.entry)


def reply_side(user, appeal):
    """The side a user replies for, or None when they may not reply."""
    if can(user, SCORE, appeal.entry):
        return AppealMessage.Side.DEPARTMENT
    if can(user, APPEAL, appeal_target(appeal.body)):
        return AppealMessage.Side.UNIT
    if can(user, CONFIGURE):
        return AppealMessage.Side.COMMITTEE
    return None


def appeal_deadline(entry, scheme=None):
    """The last day an entry may be appealed: ``appeal_days`` after the day it was recorded."""
    scheme = scheme or Scheme.objects.get(pk=entry.scheme_id)
    return timezone.localdate(entry.created_at) + timedelta(days=scheme.appeal_days)
