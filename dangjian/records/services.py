"""Writes of records: keyword-only, atomic, audited."""
import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log, diff, snapshot
from dangjian.lib.edits import changed_fields, fields_assign, update_if_current
from dangjian.lib.filetypes import upload_error
from dangjian.orgs.models import Member

from .models import Activity, Attachment, Attendance, Vote
from .rules import vote_outcome
from .selectors import records_changed
from .validation import activity_errors

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
logger = logging.getLogger(__name__)


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
    files = _checked_files(files)
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


def _checked_files(files) -> list:
    """The uploads, each of a listed type by extension and content; checked before anything
    is written, so a refused file leaves neither a row nor a file behind."""
    files = list(files or ())
    errors = [e for e in (upload_error(f.name, f, f.size, MAX_ATTACHMENT_BYTES) for f in files) if e]
    if errors:
        raise ValidationError({"files": errors})
    return files


def _attach(activity, files, user):
    for upload in files:
        Attachment.objects.create(activity=activity, file=upload, name=upload.name[:200], size=upload.size,
                                  uploaded_by=user if getattr(user, "pk", None) else None)


def _remove_files_on_commit(names):
    """Delete stored files once the rows that named them are gone for good (after commit;
    a rolled-back delete keeps its files)."""
    names = [n for n in names if n]
    if not names:
        return

    def remove():
        for name in names:
            try:
                Attachment._meta.get_field("file").storage.delete(name)
            except OSError:
                logger.warning("attachment file %s could not be removed", name, exc_info=True)
    transaction.on_commit(remove)


EDITABLE = ["held_on", "topic", "form", "summary", "study_ways", "attendee_count", "expected_count"]


@transaction.atomic
def activity_update(*, user, activity, held_on, topic, form="", summary="", study_ways=(), present_ids=None,
                    absences=None, attendee_count=None, files=(), version=None, request=None):
    """Correct a record. Attendance is re-ticked on the record's own roster; a meeting that
    took a vote keeps its attendance (the vote was counted on it). Only what changed is
    written and audited, and only if nobody saved the record since ``version`` (the one the
    form was filled on); else the stale-version ValidationError and nothing is written."""
    study_ways = list(dict.fromkeys(study_ways or []))
    _validate(org=activity.org, kind=activity.kind, held_on=held_on, topic=topic, form=form,
              study_ways=study_ways)
    files = _checked_files(files)
    before = snapshot(activity, EDITABLE)
    fields_assign(activity, {"held_on": held_on, "topic": topic, "form": form or "", "summary": summary or "",
                             "study_ways": study_ways}, EDITABLE)
    lines = list(activity.attendance.all())
    changed_lines = []
    if lines and present_ids is not None:
        present, absences = set(present_ids), absences or {}
        if not present <= {a.member_id for a in lines}:
            raise ValidationError({"present": _("出席人员须是本次会议名单中的党员")})
        if any(a.present != (a.member_id in present) for a in lines) and activity.votes.exists():
            raise ValidationError({"present": _("该会议已记录表决，出席情况不能修改")})
        for a in lines:
            now_present = a.member_id in present
            reason = "" if now_present else (absences.get(a.member_id) or a.absence_reason)[:100]
            if (a.present, a.absence_reason) != (now_present, reason):
                a.present, a.absence_reason = now_present, reason
                changed_lines.append(a)
        activity.attendee_count = len(present)
    elif not lines and attendee_count:
        activity.attendee_count = attendee_count
        activity.expected_count = max(activity.expected_count, attendee_count)
    changed = changed_fields(activity, before)
    if not (changed or changed_lines or files):
        return activity         # nothing to write: no version bump, no audit entry
    update_if_current(activity, version=version, fields=changed)
    if changed_lines:
        Attendance.objects.bulk_update(changed_lines, ["present", "absence_reason"])
    _attach(activity, files, user)
    transaction.on_commit(records_changed)
    changes = diff(before, snapshot(activity, EDITABLE))
    if changed_lines:
        changes["attendance"] = [None, str(len(changed_lines))]
    if files:
        changes["attachments"] = [None, ", ".join(f.name[:200] for f in files)]
    audit_log(user=user, action="activity.update", obj=activity, request=request, changes=changes)
    return activity


@transaction.atomic
def activity_delete(*, user, activity, request=None):
    """Delete a record with its roster lines, votes and attachments; the files leave the disk
    once the deletion is committed."""
    names = list(activity.attachments.values_list("file", flat=True))
    audit_log(user=user, action="activity.delete", obj=activity, request=request,
              changes={"org": [str(activity.org_id), None], "held_on": [str(activity.held_on), None],
                       "attachments": [str(len(names)), None]})
    activity.delete()
    _remove_files_on_commit(names)
    transaction.on_commit(records_changed)


@transaction.atomic
def attachment_delete(*, user, attachment, request=None):
    """Remove one attachment (say, a file uploaded by mistake); its file goes after commit."""
    audit_log(user=user, action="attachment.delete", obj=attachment.activity, request=request,
              changes={"attachment": [attachment.name, None]})
    name = attachment.file.name
    attachment.delete()
    _remove_files_on_commit([name])
