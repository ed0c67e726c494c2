from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import MemberStatus
from dangjian.records.models import Activity, ActivityKind, Attendance, FrequencyRule
from dangjian.records.services import activity_create

from .factories import add_members


def kind(code):
    return ActivityKind.objects.get(code=code)


def test_default_kinds_and_rules_are_data(db):
    codes = set(ActivityKind.objects.values_list("code", flat=True))
    assert {"members_meeting", "committee_meeting", "group_meeting", "party_lecture", "theme_day",
            "life_meeting", "appraisal", "talk", "first_agenda", "central_group", "training",
            "base_study", "public_lecture", "contest"} <= codes
    local = FrequencyRule.objects.get(kind__code="party_lecture", applies_to="branches")
    assert local.is_local and local.period == "quarter"
    assert all(r.basis for r in FrequencyRule.objects.all())


def test_record_with_roster_ticks_and_absence_reason(reg):
    ids = [m.id for m in reg.members_a1]
    a = activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("committee_meeting"),
                        held_on=date.today(), topic="研究发展党员工作", present_ids=ids[1:],
                        absences={ids[0]: "出差"})
    assert (a.attendee_count, a.expected_count) == (4, 5)
    absent = Attendance.objects.get(activity=a, present=False)
    assert absent.member_id == ids[0] and absent.absence_reason == "出差"
    assert AuditEntry.objects.filter(action="activity.create", object_id=str(a.pk)).exists()


def test_large_event_by_count_only(reg):
    a = activity_create(user=reg.unit_admin, org=reg.oc_a, kind=kind("public_lecture"), held_on=date.today(),
                        topic="公开党课", attendee_count=120, study_ways=["branch"])
    assert a.attendee_count == 120 and not a.attendance.exists()


def test_no_attachment_is_ever_required(reg):
    for code in ActivityKind.objects.values_list("code", flat=True):
        k = kind(code)
        activity_create(user=reg.secretary, org=reg.branch_a1, kind=k, held_on=date.today(), topic="t",
                        form="集中学习" if k.asks_form else "", attendee_count=3)
    assert Activity.objects.count() == ActivityKind.objects.count()


def test_first_agenda_needs_its_form(reg):
    with pytest.raises(ValidationError) as exc:
        activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("first_agenda"),
                        held_on=date.today(), topic="学习重要讲话精神", attendee_count=5)
    assert "form" in exc.value.message_dict


def test_members_meeting_vote_uses_full_members_as_entitled(reg):
    probationary = add_members(reg.branch_a1, 2, status=MemberStatus.PROBATIONARY, prefix="预备")
    full_ids = [m.id for m in reg.members_a1]          # 5 full members
    present = full_ids[:3] + [p.id for p in probationary]
    a = activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("members_meeting"),
                        held_on=date.today(), topic="接收预备党员", present_ids=present,
                        vote={"motion": "接收张三为预备党员", "yes": 3, "no": 0, "abstain": 0})
    vote = a.votes.get()
    assert (vote.entitled, vote.present, vote.quorum, vote.passed) == (5, 3, True, True)


def test_vote_without_quorum_is_recorded_as_such(reg):
    full_ids = [m.id for m in reg.members_a1]
    a = activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("members_meeting"),
                        held_on=date.today(), topic="t", present_ids=full_ids[:2],
                        vote={"motion": "m", "yes": 2})
    assert not a.votes.get().quorum and not a.votes.get().passed


def test_votes_only_at_meetings_that_take_them(reg):
    with pytest.raises(ValidationError):
        activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("theme_day"), held_on=date.today(),
                        topic="t", present_ids=[], vote={"motion": "m", "yes": 1})


def test_attendees_must_be_on_the_roster(reg):
    with pytest.raises(ValidationError):
        activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("theme_day"), held_on=date.today(),
                        topic="t", present_ids=[reg.members_b1[0].id])
    assert not Activity.objects.exists()


def test_future_dates_are_refused(reg):
    with pytest.raises(ValidationError):
        activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("theme_day"),
                        held_on=date.today() + timedelta(days=1), topic="t", attendee_count=3)


def test_optional_attachment_is_kept(reg, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    f = SimpleUploadedFile("会议议程.pdf", b"%PDF-1.7 agenda", content_type="application/octet-stream")
    a = activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("theme_day"), held_on=date.today(),
                        topic="t", attendee_count=3, files=[f])
    assert a.attachments.get().name == "会议议程.pdf"
