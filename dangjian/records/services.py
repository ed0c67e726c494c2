"""Writes of records: keyword-only, atomic, audited."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log, diff, snapshot
from dangjian.orgs.models import Member

from .models import Activity, Attachment, Attendance, Vote
from .rules import vote_outcome
from .selectors import records_changed
from .validation import activity_errors

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _validate(*, org, kind, held_on, topic, form, study_ways):
    errors = activity_errors(kind=kind, held_on=held_on, topic=topic, form=form, study_ways=study_ways,
                             org_dissolved=org.dissolved, today=date.today())
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_create(*, user, org, kind, held_on, topic, form="", summary="", study_ways=(),
                    present_ids=None, absences=None, attendee_count=None, vote=None, files=(),
                    source="form", request=None):
    """Record an activity once.

    Attendance either ticks members of the org's roster (``present_ids``; the others are absent,
    with a reason from ``absences`` when given) or, for large events, is a plain
    ``attendee_count``. ``vote`` is a dict (motion, yes, no, abstain) for a members' meeting;
    who is entitled and who is present come from the roster (full members vote).
    """
    study_ways = list(dict.fromkeys(study_ways or []))
    _validate(org=org, kind=kind, held_on=held_on, topic=topic, form=form, study_ways=study_ways)
    absences = absences or {}
    roster = list(Member.objects.current().filter(branch=org).values_list("id", "status"))
    roster_ids = {mid for mid, _status in roster}
    activity = Activity(org=org, kind=kind, held_on=held_on, topic=topic.strip(), form=form.strip(),
                        summary=summary.strip(), study_ways=study_ways, source=source,
                        created_by=user if getattr(user, "pk", None) else None)
    lines = []
    if present_ids is not None:
        present = set(present_ids)
        if not present <= roster_ids:
            raise ValidationError({"present": _("出席人员须是本组织党员")})
        activity.expected_count = len(roster_ids)
        activity.attendee_count = len(present)
        lines = [(mid, mid in present, "" if mid in present else (absences.get(mid) or "")[:100])
                 for mid in sorted(roster_ids)]
    else:
        activity.attendee_count = attendee_count or 0
        activity.expected_count = max(len(roster_ids), activity.attendee_count)
    if vote and not kind.takes_vote:
        raise ValidationError({"vote": _("该类型的会议不记录表决")})
    outcome = None
    voters = {mid for mid, status in roster if status == "full"}   # full members vote
    if vote:
        if present_ids is None:
            raise ValidationError({"vote": _("表决须先登记出席人员")})
        try:
            outcome = vote_outcome(entitled=len(voters), present=len(voters & set(present_ids)),
                                   yes=vote["yes"], no=vote.get("no", 0), abstain=vote.get("abstain", 0))
        except ValueError:
            raise ValidationError({"vote": _("表决票数超过到会有表决权的党员数")})
    activity.save()
    Attendance.objects.bulk_create(
        [Attendance(activity=activity, member_id=mid, present=p, absence_reason=r) for mid, p, r in lines]
    )
    if outcome is not None:
        Vote.objects.create(activity=activity, motion=vote["motion"], entitled=len(voters),
                            present=len(voters & set(present_ids)), yes=vote["yes"],
                            no=vote.get("no", 0), abstain=vote.get("abstain", 0),
                            quorum=outcome.quorum, passed=outcome.passed)
    _attach(activity, files, user)
    transaction.on_commit(records_changed)
    audit_log(user=user, action="activity.create", obj=activity, request=request,
              changes={"org": [None, str(org.pk)], "kind": [None, kind.code], "held_on": [None, str(held_on)],
                       "attendee_count": [None, str(activity.attendee_count)]})
    return activity


def _attach(activity, files, user):
    for upload in files or ():
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"files": _("附件不能超过 20 MB")})
        Attachment.objects.create(activity=activity, file=upload, name=upload.name[:200], size=upload.size,
                                  uploaded_by=user if getattr(user, "pk", None) else None)


EDITABLE = ["held_on", "topic", "form", "summary", "study_ways", "attendee_count", "expected_count"]


@transaction.atomic
def activity_update(*, user, activity, held_on, topic, form="", summary="", study_ways=(), present_ids=None,
                    absences=None, attendee_count=None, files=(), request=None):
    """Correct a record. Attendance is re-ticked on the record's own roster; a meeting that
    took a vote keeps its attendance (the vote was counted on it)."""
    study_ways = list(dict.fromkeys(study_ways or []))
    _validate(org=activity.org, kind=activity.kind, held_on=held_on, topic=topic, form=form,
              study_ways=study_ways)
    before = snapshot(activity, EDITABLE)
    activity.held_on, activity.topic, activity.form = held_on, topic.strip(), (form or "").strip()
    activity.summary, activity.study_ways = (summary or "").strip(), study_ways
    lines = list(activity.attendance.all())
    if lines and present_ids is not None:
        present, absences = set(present_ids), absences or {}
        if not present <= {a.member_id for a in lines}:
            raise ValidationError({"present": _("出席人员须是本次会议名单中的党员")})
        changed = any(a.present != (a.member_id in present) for a in lines)
        if changed and activity.votes.exists():
            raise ValidationError({"present": _("该会议已记录表决，出席情况不能修改")})
        for a in lines:
            a.present = a.member_id in present
            a.absence_reason = "" if a.present else (absences.get(a.member_id) or a.absence_reason)[:100]
        Attendance.objects.bulk_update(lines, ["present", "absence_reason"])
        activity.attendee_count = len(present)
    elif not lines and attendee_count:
        activity.attendee_count = attendee_count
        activity.expected_count = max(activity.expected_count, attendee_count)
    activity.save()
    _attach(activity, files, user)
    transaction.on_commit(records_changed)
    audit_log(user=user, action="activity.update", obj=activity, request=request,
              changes=diff(before, snapshot(activity, EDITABLE)))
    return activity


@transaction.atomic
def activity_delete(*, user, activity, request=None):
    audit_log(user=user, action="activity.delete", obj=activity, request=request,
              changes={"org": [str(activity.org_id), None], "held_on": [str(activity.held_on), None]})
    activity.delete()
    transaction.on_commit(records_changed)
