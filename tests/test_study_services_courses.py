"""Training courses, youth study groups and mentoring pairs."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from dangjian.study import services
from dangjian.study.models import Enrolment, MentoringPair, SessionAttendance, YouthGroupMember

TODAY = date.today()


def course(reg, *, capacity=3, starts_on=TODAY - timedelta(days=10), ends_on=TODAY + timedelta(days=30),
           kind="secretary"):
    return services.course_create(user=reg.committee, name="基层党组织书记培训班", kind=kind, starts_on=starts_on,
                                  ends_on=ends_on, capacity=capacity)


def test_course_dates_and_capacity_are_checked(reg):
    with pytest.raises(ValidationError) as exc:
        course(reg, starts_on=TODAY, ends_on=TODAY - timedelta(days=1), capacity=0)
    assert {"ends_on", "capacity"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.course_create(user=reg.committee, name="x", kind="nonsense", starts_on=TODAY, ends_on=TODAY,
                               capacity=5)


def test_enrolment_stops_at_capacity(reg):
    c = course(reg, capacity=2)
    for member in reg.members_a1[:2]:
        services.enrolment_create(user=reg.unit_admin, course=c, member=member)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(user=reg.unit_admin, course=c, member=reg.members_a1[2])
    assert "名额已满" in exc.value.messages[0]
    assert Enrolment.objects.filter(course=c).count() == 2


def test_a_member_enrols_once_and_only_while_on_the_roll(reg):
    c = course(reg)
    services.enrolment_create(user=reg.unit_admin, course=c, member=reg.member)
    with pytest.raises(ValidationError):
        services.enrolment_create(user=reg.unit_admin, course=c, member=reg.member)
    gone = reg.members_a1[1]
    gone.left_on = TODAY
    gone.save()
    with pytest.raises(ValidationError):
        services.enrolment_create(user=reg.unit_admin, course=c, member=gone)


def test_a_finished_course_takes_no_enrolments(reg):
    c = course(reg, starts_on=TODAY - timedelta(days=20), ends_on=TODAY - timedelta(days=18))
    with pytest.raises(ValidationError):
        services.enrolment_create(user=reg.committee, course=c, member=reg.member)


def test_capacity_cannot_drop_below_enrolled(reg):
    c = course(reg, capacity=3)
    for member in reg.members_a1[:2]:
        services.enrolment_create(user=reg.committee, course=c, member=member)
    with pytest.raises(ValidationError):
        services.course_update(user=reg.committee, course=c, capacity=1)
    services.course_update(user=reg.committee, course=c, capacity=2)


def test_roster_records_attendance_per_session_and_completion(reg):
    c = course(reg, kind="lecture")
    past = services.course_session_create(user=reg.committee, course=c, held_on=TODAY - timedelta(days=2),
                                          topic="新质生产力")
    future = services.course_session_create(user=reg.committee, course=c, held_on=TODAY + timedelta(days=5),
                                            topic="数字政府")
    e1, e2 = [services.enrolment_create(user=reg.committee, course=c, member=m) for m in reg.members_a1[:2]]
    services.roster_record(user=reg.committee, course=c, session=past, present_ids=[e1.pk], completed_ids=[e2.pk])
    assert list(SessionAttendance.objects.filter(session=past).values_list("enrolment_id", flat=True)) == [e1.pk]
    assert list(c.enrolments.filter(completed=True)) == [e2]
    # saving again replaces, it does not add
    services.roster_record(user=reg.committee, course=c, session=past, present_ids=[e1.pk, e2.pk],
                           completed_ids=[])
    assert SessionAttendance.objects.filter(session=past).count() == 2
    assert not c.enrolments.filter(completed=True).exists()
    with pytest.raises(ValidationError):
        services.roster_record(user=reg.committee, course=c, session=future, present_ids=[e1.pk], completed_ids=[])
    other = course(reg)
    stranger = services.enrolment_create(user=reg.committee, course=other, member=reg.members_b1[0])
    with pytest.raises(ValidationError):
        services.roster_record(user=reg.committee, course=c, session=past, present_ids=[stranger.pk],
                               completed_ids=[])


def test_whole_course_attendance_without_sessions(reg):
    c = course(reg)
    e1, e2 = [services.enrolment_create(user=reg.committee, course=c, member=m) for m in reg.members_a1[:2]]
    services.attendance_record(user=reg.committee, course=c, present_ids=[e2.pk])
    assert list(c.enrolments.filter(attended=True)) == [e2]


def test_session_dates_stay_within_the_course(reg):
    c = course(reg)
    with pytest.raises(ValidationError):
        services.course_session_create(user=reg.committee, course=c, held_on=c.ends_on + timedelta(days=1),
                                       topic="超出")


def test_completed_enrolment_cannot_be_withdrawn(reg):
    c = course(reg)
    e = services.enrolment_create(user=reg.committee, course=c, member=reg.member)
    services.completion_record(user=reg.committee, course=c, completed_ids=[e.pk])
    e.refresh_from_db()
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(user=reg.committee, enrolment=e)


def test_youth_group_takes_members_of_its_unit_only(reg):
    group = services.youth_group_create(user=reg.unit_admin, unit=reg.unit_a, name="发改委青年理论学习小组")
    services.youth_group_member_add(user=reg.unit_admin, group=group, member=reg.member)
    with pytest.raises(ValidationError):
        services.youth_group_member_add(user=reg.unit_admin, group=group, member=reg.member)
    with pytest.raises(ValidationError):
        services.youth_group_member_add(user=reg.unit_admin, group=group, member=reg.members_b1[0])
    with pytest.raises(ValidationError):
        services.youth_group_create(user=reg.unit_admin, unit=reg.unit_a, name="发改委青年理论学习小组")
    assert YouthGroupMember.objects.filter(group=group).count() == 1


def test_mentoring_pairs(reg):
    mentor, mentee = reg.members_a1[1], reg.members_a1[2]
    pair = services.mentoring_pair_create(user=reg.unit_admin, unit=reg.unit_a, mentor=mentor, mentee=mentee,
                                          started_on=TODAY)
    for m1, m2 in ((mentor, mentee), (mentor, mentor), (mentor, reg.members_b1[0])):
        with pytest.raises(ValidationError):
            services.mentoring_pair_create(user=reg.unit_admin, unit=reg.unit_a, mentor=m1, mentee=m2,
                                           started_on=TODAY)
    with pytest.raises(ValidationError):
        services.mentoring_pair_end(user=reg.unit_admin, pair=pair, ended_on=TODAY - timedelta(days=1))
    services.mentoring_pair_end(user=reg.unit_admin, pair=pair, ended_on=TODAY)
    # once ended, the two may pair again
    services.mentoring_pair_create(user=reg.unit_admin, unit=reg.unit_a, mentor=mentor, mentee=mentee,
                                   started_on=TODAY)
    assert MentoringPair.objects.count() == 2
