"""Metrics over branch setup, sit-ins and course seats, the three-ones metric's 缺项, evidence
capping (hypothesis) and the queries of every metric at two sizes."""
from datetime import date
from fractions import Fraction

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from dangjian.assessment.metrics import REGISTRY, capped, compute, registry_errors
from dangjian.commitments.models import Commitment, Kind
from dangjian.orgs.rules import branch_warnings
from dangjian.orgs.counts import member_counts_refresh
from dangjian.orgs.models import Unit
from dangjian.orgs.services import org_create
from dangjian.records.models import Activity, ActivityKind
from dangjian.study.models import (
    ChecklistItem, Course, CourseKind, CourseSession, Enrolment, SessionAttendance, SitIn, SitInPlan, SitInResult,
    SitInStatus,
)

from .factories import add_members, make_registry

ON = date(2026, 12, 16)
PARAMS = {"meeting_rules": {"kinds": ["members_meeting", "committee_meeting", "group_meeting", "party_lecture"]}}


def sit_in(plan, unit, held_on, results, status=SitInStatus.DONE):
    s = SitIn.objects.create(plan=plan, unit=unit, planned_on=held_on, held_on=held_on, status=status)
    SitInResult.objects.bulk_create([SitInResult(sit_in=s, item=item, met=met) for item, met in results])
    return s


def course(name, starts_on, ends_on, members, attended=(), sessions=(), present=()):
    """A course with the members enrolled; ``present`` maps a session's index to who came."""
    c = Course.objects.create(name=name, kind=CourseKind.SECRETARY, starts_on=starts_on, ends_on=ends_on, capacity=50)
    enrolments = {m.id: Enrolment.objects.create(course=c, member=m, attended=m in attended) for m in members}
    held = [CourseSession.objects.create(course=c, held_on=d, topic="t") for d in sessions]
    SessionAttendance.objects.bulk_create([SessionAttendance(session=held[i], enrolment=enrolments[m.id])
                                           for i, who in present for m in who])
    return c


class BranchSetup(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()     # A1: 5 full members and a committee; A2: nobody; B1: 4 full members

    def test_branches_off_the_rules_are_named_with_why(self):
        out = compute("branch_setup", year=2026, on=ON, unit_ids=[self.r.unit_a.id, self.r.unit_b.id])
        assert out[self.r.unit_a.id].share == Fraction(1, 2)
        assert out[self.r.unit_a.id].evidence == ("发改委第二党支部：正式党员不足 3 人",)
        assert out[self.r.unit_b.id].share == 1 and out[self.r.unit_b.id].evidence == ()

    def test_seven_full_members_ask_for_a_committee_and_fifty_one_are_too_many(self):
        add_members(self.r.branch_b1, 3)
        big = org_create(user=None, name="财政局第二党支部", type="branch", parent=self.r.oc_b, has_committee=True)
        add_members(big, 45)
        add_members(big, 6, status="probationary", prefix="预备")
        member_counts_refresh(org_ids=[self.r.branch_b1.id, big.id])
        out = compute("branch_setup", year=2026, on=ON, unit_ids=[self.r.unit_b.id])
        assert out[self.r.unit_b.id].share == 0
        assert out[self.r.unit_b.id].evidence == ("财政局第一党支部：正式党员 7 人以上，应设支部委员会", "财政局第二党支部：党员超过 50 人，宜分设支部")

    def test_a_unit_without_branches_is_missing(self):
        empty = Unit.objects.create(name="市空白局", category=self.r.category)
        assert compute("branch_setup", year=2026, on=ON, unit_ids=[empty.id])[empty.id].share is None


class SitIns(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = r = make_registry()
        cls.items = [ChecklistItem.objects.create(name=f"测试项{i}", sort=100 + i) for i in range(3)]
        plan = SitInPlan.objects.create(year=2026)
        one, two, three = cls.items
        sit_in(plan, r.unit_a, date(2026, 5, 12), [(one, True), (two, False), (three, False)])
        sit_in(plan, r.unit_a, date(2026, 10, 9), [(one, True), (two, True), (three, True)])
        sit_in(plan, r.unit_b, date(2026, 6, 3), [(one, True), (two, False), (three, True)],
               status=SitInStatus.CANCELLED)

    def test_share_of_items_met_at_the_sit_ins_done(self):
        out = compute("sit_in_checklist", year=2026, on=ON, unit_ids=[self.r.unit_a.id, self.r.unit_b.id])
        assert out[self.r.unit_a.id].share == Fraction(4, 6)
        assert out[self.r.unit_a.id].evidence == ("5月12日列席：测试项1、测试项2未落实",)
        assert out[self.r.unit_b.id].share is None           # its only sit-in was cancelled

    def test_a_sit_in_after_the_day_scored_does_not_count_yet(self):
        out = compute("sit_in_checklist", year=2026, on=date(2026, 6, 1), unit_ids=[self.r.unit_a.id])
        assert out[self.r.unit_a.id].share == Fraction(1, 3)


class CourseSeats(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = r = make_registry()
        a, b = r.members_a1, r.members_b1
        # no sessions: 3 from A enrolled, 2 attended; 2 from B, both attended
        course("书记培训班", date(2026, 4, 15), date(2026, 4, 17), [*a[:3], *b[:2]], attended=[*a[:2], *b[:2]])
        # two sessions held, one to come: A's 2 seats × 2 sessions, 3 of 4 filled
        course("干部大讲堂", date(2026, 1, 1), date(2026, 12, 31), a[3:5],
               sessions=[date(2026, 3, 20), date(2026, 5, 20), date(2026, 12, 28)],
               present=[(0, a[3:5]), (1, a[3:4])])
        # last year's course does not count
        course("去年的培训班", date(2025, 4, 1), date(2025, 4, 2), a[:1])

    def test_seats_filled_of_the_seats_taken(self):
        out = compute("course_seats", year=2026, on=ON, unit_ids=[self.r.unit_a.id, self.r.unit_b.id])
        assert out[self.r.unit_a.id].share == Fraction(2 + 3, 3 + 4)
        assert out[self.r.unit_a.id].evidence == ("书记培训班：应到3人次，实到2人次", "干部大讲堂：应到4人次，实到3人次")
        assert out[self.r.unit_b.id].share == 1 and out[self.r.unit_b.id].evidence == ()

    def test_a_course_under_way_waits_and_no_seat_is_missing(self):
        out = compute("course_seats", year=2026, on=date(2026, 4, 16), unit_ids=[self.r.unit_a.id, self.r.unit_b.id])
        assert out[self.r.unit_a.id].share == 1      # the one lecture held by then, both there
        assert out[self.r.unit_b.id].share is None                # its course has not ended


class ThreeOnes(TestCase):
    def test_a_unit_with_no_list_is_missing_with_its_reason(self):
        # the metric itself: tests/test_commitments_metric.py
        out = compute("three_ones", year=2026, on=ON, unit_ids=[1, 2])
        assert {m.share for m in out.values()} == {None}
        assert out[1].evidence == ("本年度未建立书记“三个一清单”",)


class EveryMetric(TestCase):
    def test_no_metric_reads_a_forbidden_basis(self):
        assert {"meeting_rules", "branch_setup", "sit_in_checklist", "course_seats", "discipline_education",
                "three_ones", "first_agenda", "terms_on_time"} <= set(REGISTRY)
        assert registry_errors() == []

    def test_every_metric_takes_the_same_queries_for_two_units_and_for_six(self):
        r = make_registry()
        plan = SitInPlan.objects.create(year=2026)
        item = ChecklistItem.objects.create(name="测试项", sort=100)
        theme = ActivityKind.objects.get(code="theme_day")

        def add_unit(i):
            unit = Unit.objects.create(name=f"市测试{i}局", category=r.category)
            oc = org_create(user=None, name=f"测试{i}局机关党委", type="organ_committee", unit=unit,
                            term_start=date(2024, 1, 1))
            branch = org_create(user=None, name=f"测试{i}局第一党支部", type="branch", parent=oc, has_committee=True,
                                term_start=date(2024, 1, 1))
            members = add_members(branch, 4)
            Activity.objects.bulk_create([Activity(org=branch, kind=theme, held_on=date(2026, m, 3), topic="t")
                                          for m in range(1, 12)])
            sit_in(plan, unit, date(2026, 6, 1), [(item, True)])
            course(f"测试{i}班", date(2026, 3, 1), date(2026, 3, 2), members[:2], attended=members[:1])
            Commitment.objects.bulk_create([
                Commitment(org=oc, year=2026, kind=Kind.PLEDGE, owner=members[0], text="承诺", due_on=date(2026, 6, 30)),
                Commitment(org=branch, year=2026, kind=Kind.PROJECT, owner=members[1], text="项目",
                           due_on=date(2026, 12, 31), status="done", completed_on=date(2026, 11, 1))])
            return unit.id

        def queries(unit_ids):
            counts = {}
            for code in REGISTRY:
                with CaptureQueriesContext(connection) as ctx:
                    compute(code, year=2026, on=ON, unit_ids=unit_ids, params=PARAMS.get(code, {}))
                counts[code] = len(ctx.captured_queries)
            return counts

        two = [add_unit(i) for i in range(2)]
        small = queries(two)
        six = two + [add_unit(i) for i in range(2, 6)]
        assert queries(six) == small
        assert small["three_ones"] == 1 and small["branch_setup"] == 1 and small["course_seats"] == 3




@given(st.lists(st.text(min_size=1, max_size=5), max_size=12), st.integers(min_value=1, max_value=8))
def test_capped_evidence_never_runs_past_its_limit_and_counts_every_line(lines, limit):
    out = capped(lines, limit)
    assert len(out) <= limit
    if len(lines) <= limit:
        assert out == tuple(lines)
    else:
        assert out[:-1] == tuple(lines[:limit - 1]) and out[-1] == f"等 {len(lines)} 项"


@given(st.integers(0, 80), st.integers(0, 80), st.booleans())
def test_branch_warnings_follow_the_three_rules(full, extra, has_committee):
    faults = branch_warnings(full_members=full, total_members=full + extra, has_committee=has_committee)
    assert ("正式党员不足 3 人" in faults) == (full < 3)
    assert ("党员超过 50 人，宜分设支部" in faults) == (full + extra > 50)
    assert ("正式党员 7 人以上，应设支部委员会" in faults) == (full >= 7 and not has_committee)
