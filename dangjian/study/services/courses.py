"""Training courses: plan, sessions, enrolment within capacity, attendance ticked by the organiser,
completion. Nothing counts study time."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log, diff, snapshot

from ..models import Course, CourseKind, CourseSession, Enrolment, EnrolmentRole, SessionAttendance
from ..rules import enrolment_open
from .common import fields_assign

COURSE_FIELDS = ["name", "kind", "starts_on", "ends_on", "capacity", "place", "organiser", "note"]


def _validate_course(*, name, kind, starts_on, ends_on, capacity, enrolled=0):
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("请填写名称")
    if kind not in CourseKind.values:
        errors["kind"] = _("类别不正确")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("结束日期早于开始日期")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("名额须大于 0")
    elif capacity < enrolled:
        errors["capacity"] = _("已有 %(n)d 人报名，名额不能少于报名人数") % {"n": enrolled}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def course_create(*, user, name, kind, starts_on, ends_on, capacity, place="", organiser="", note="",
                  request=None):
    _validate_course(name=name, kind=kind, starts_on=starts_on, ends_on=ends_on, capacity=capacity)
    course = Course.objects.create(name=name.strip(), kind=kind, starts_on=starts_on, ends_on=ends_on,
                                   capacity=capacity, place=place.strip(), organiser=organiser.strip(),
                                   note=note.strip(), created_by=user if getattr(user, "pk", None) else None)
    audit_log(user=user, action="course.create", obj=course, request=request,
              changes=diff({}, snapshot(course, COURSE_FIELDS)))
    return course


@transaction.atomic
def course_update(*, user, course, request=None, **fields):
    course = Course.objects.select_for_update().get(pk=course.pk)
    before = snapshot(course, COURSE_FIELDS)
    after = {**before, **fields}
    _validate_course(name=after["name"], kind=after["kind"], starts_on=after["starts_on"],
                     ends_on=after["ends_on"], capacity=after["capacity"], enrolled=course.enrolments.count())
    fields_assign(course, fields, COURSE_FIELDS)
    course.save()
    audit_log(user=user, action="course.update", obj=course, request=request,
              changes=diff(before, snapshot(course, COURSE_FIELDS)))
    return course


@transaction.atomic
def course_session_create(*, user, course, held_on, topic, speaker="", request=None):
    errors = {}
    if not course.starts_on <= held_on <= course.ends_on:
        errors["held_on"] = _("课次日期须在培训班起止日期（%(a)s 至 %(b)s）之间") % {
            "a": course.starts_on, "b": course.ends_on}
    if not (topic or "").strip():
        errors["topic"] = _("请填写主题")
    if errors:
        raise ValidationError(errors)
    session = CourseSession.objects.create(course=course, held_on=held_on, topic=topic.strip(),
                                           speaker=speaker.strip())
    audit_log(user=user, action="course_session.create", obj=session, request=request,
              changes={"course": [None, str(course.pk)], "held_on": [None, str(held_on)]})
    return session


@transaction.atomic
def enrolment_create(*, user, course, member, role=EnrolmentRole.SECRETARY, request=None):
    """Enrol a branch secretary or party worker. The course row is locked while counting places."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if role not in EnrolmentRole.values:
        raise ValidationError({"role": _("身份不正确")})
    if member.left_on:
        raise ValidationError({"member": _("%(name)s 已不在册，不能报名") % {"name": member.name}})
    if course.ends_on < date.today():
        raise ValidationError(_("培训班已结束，不能再报名"))
    if Enrolment.objects.filter(course=course, member=member).exists():
        raise ValidationError({"member": _("%(name)s 已报名该培训班") % {"name": member.name}})
    if not enrolment_open(capacity=course.capacity, enrolled=course.enrolments.count()):
        raise ValidationError(_("名额已满（共 %(n)d 个名额）") % {"n": course.capacity})
    enrolment = Enrolment.objects.create(course=course, member=member, role=role,
                                         enrolled_by=user if getattr(user, "pk", None) else None)
    audit_log(user=user, action="enrolment.create", obj=enrolment, object_repr=f"{course} · {member.name}",
              request=request, changes={"course": [None, str(course.pk)], "member": [None, str(member.pk)]})
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, user, enrolment, request=None):
    if enrolment.completed:
        raise ValidationError(_("已结业的学员不能退出"))
    audit_log(user=user, action="enrolment.withdraw", obj=enrolment, request=request,
              object_repr=f"{enrolment.course_id} · {enrolment.member_id}",
              changes={"member": [str(enrolment.member_id), None]})
    enrolment.delete()


def _course_enrolment_ids(course, ids):
    ids = set(ids)
    known = set(course.enrolments.filter(pk__in=ids).values_list("pk", flat=True))
    if ids - known:
        raise ValidationError(_("所选学员不在本培训班"))
    return known


@transaction.atomic
def attendance_record(*, user, course, present_ids, session=None, request=None):
    """Tick who attended: per session, or for the whole course when it has no sessions."""
    present = _course_enrolment_ids(course, present_ids)
    if session is not None:
        if session.course_id != course.pk:
            raise ValidationError(_("课次不属于本培训班"))
        if session.held_on > date.today():
            raise ValidationError(_("该课次尚未举行，不能登记出勤"))
        SessionAttendance.objects.filter(session=session).delete()
        SessionAttendance.objects.bulk_create([SessionAttendance(session=session, enrolment_id=pk)
                                               for pk in sorted(present)])
    else:
        if course.starts_on > date.today():
            raise ValidationError(_("培训班尚未开始，不能登记出勤"))
        course.enrolments.update(attended=False)
        course.enrolments.filter(pk__in=present).update(attended=True)
    audit_log(user=user, action="course.attendance", obj=session or course, request=request,
              changes={"present": [None, str(len(present))]})
    return len(present)


@transaction.atomic
def completion_record(*, user, course, completed_ids, request=None):
    completed = _course_enrolment_ids(course, completed_ids)
    if completed and course.starts_on > date.today():
        raise ValidationError(_("培训班尚未开始，不能登记结业"))
    course.enrolments.exclude(pk__in=completed).update(completed=False)
    course.enrolments.filter(pk__in=completed).update(completed=True)
    audit_log(user=user, action="course.completion", obj=course, request=request,
              changes={"completed": [None, str(len(completed))]})
    return len(completed)


@transaction.atomic
def roster_record(*, user, course, present_ids, completed_ids, session=None, request=None):
    """Attendance and completion from one roster form: both saved, or neither."""
    attendance_record(user=user, course=course, session=session, present_ids=present_ids, request=request)
    completion_record(user=user, course=course, completed_ids=completed_ids, request=request)
