"""Metrics over the meeting rules and the monthly discipline education, on hand-built records."""
from datetime import date
from fractions import Fraction

from django.test import TestCase

from dangjian.assessment.metrics import compute
from dangjian.records.models import Activity, ActivityKind, FrequencyRule

from .factories import make_registry

C2 = {"kinds": ["members_meeting", "committee_meeting", "group_meeting", "party_lecture"]}
ON = date(2026, 12, 16)


def bulk_records(org, code, days):
    kind = ActivityKind.objects.get(code=code)
    Activity.objects.bulk_create([Activity(org=org, kind=kind, held_on=d, topic="t") for d in days])


def months(year, skip=(), upto=12):
    return [date(year, m, 10) for m in range(1, upto + 1) if m not in skip]


def quarters(year, skip=()):
    return [date(year, 3 * q - 1, 5) for q in range(1, 5) if q not in skip]


class MeetingRules(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = r = make_registry()
        # A1 keeps every rule but two committee meetings; A2 misses a members' meeting and
        # every quarterly lecture; B1 keeps nothing
        bulk_records(r.branch_a1, "members_meeting", quarters(2026))
        bulk_records(r.branch_a1, "committee_meeting", months(2026, skip=(3, 7)))
        bulk_records(r.branch_a1, "party_lecture", quarters(2026))
        bulk_records(r.branch_a2, "members_meeting", quarters(2026, skip=(2,)))
        bulk_records(r.oc_a, "party_lecture", [date(2026, 6, 1)])
        bulk_records(r.branch_a1, "discipline_education", months(2026, skip=(2,)))
        bulk_records(r.branch_a2, "discipline_education", months(2026))
        cls.units = [r.unit_a.id, r.unit_b.id]

    def test_three_meetings_one_lecture_counts_org_rule_periods_and_names_the_misses(self):
        a = compute("meeting_rules", year=2026, on=ON, unit_ids=self.units, params=C2)[self.r.unit_a.id]
        # members 2 branches × 3 quarters, committee 1 × 11 months, lectures 2 × 3 quarters (the
        # organ committee's yearly lecture: the year has not ended) = 23; missed 2 + 1 + 3
        assert a.share == Fraction(17, 23)
        assert a.evidence == ("发改委第一党支部：3月、7月支委会未召开",
                              "发改委第二党支部：二季度支部党员大会未召开；一季度、二季度、三季度党课未开展")

    def test_the_theme_day_alone(self):
        out = compute("meeting_rules", year=2026, on=ON, unit_ids=self.units, params={"kinds": ["theme_day"]})
        assert out[self.r.unit_b.id].share == 0
        assert out[self.r.unit_b.id].evidence == (
            "财政局第一党支部：1月、2月、3月、4月、5月、6月、7月、8月、9月、10月、11月主题党日未开展",)

    def test_the_secretary_lecture_on_the_committees_rule_after_the_year(self):
        params = {"kinds": ["party_lecture"], "applies_to": "committees"}
        during = compute("meeting_rules", year=2026, on=ON, unit_ids=self.units, params=params)
        assert during[self.r.unit_a.id].share is None            # a yearly rule: judged when the year is over
        after = compute("meeting_rules", year=2026, on=date(2027, 1, 10), unit_ids=self.units, params=params)
        assert after[self.r.unit_a.id].share == 1 and after[self.r.unit_a.id].evidence == ()
        assert after[self.r.unit_b.id].share == 0
        assert after[self.r.unit_b.id].evidence == ("市财政局机关党委：2026年党课未开展",)

    def test_a_year_with_no_period_ended_is_missing_not_zero(self):
        out = compute("meeting_rules", year=2026, on=date(2026, 1, 20), unit_ids=self.units, params=C2)
        assert out[self.r.unit_a.id].share is None and out[self.r.unit_a.id].evidence

    def test_discipline_education_month_by_month(self):
        out = compute("discipline_education", year=2026, on=date(2026, 4, 10), unit_ids=self.units)
        assert out[self.r.unit_a.id].share == Fraction(5, 6)
        assert out[self.r.unit_a.id].evidence == ("发改委第一党支部：2月纪律教育“三个一”未开展",)
        assert out[self.r.unit_b.id].share == 0
        assert out[self.r.unit_b.id].evidence == ("财政局第一党支部：1月、2月、3月纪律教育“三个一”未开展",)

    def test_a_unit_without_a_branch_has_no_discipline_education_to_judge(self):
        from dangjian.orgs.models import PartyOrg
        PartyOrg.objects.filter(unit=self.r.unit_b).exclude(type="organ_committee").update(dissolved=True)
        out = compute("discipline_education", year=2026, on=ON, unit_ids=[self.r.unit_b.id])
        assert out[self.r.unit_b.id].share is None

    def test_many_missing_orgs_are_capped_with_a_count(self):
        from dangjian.orgs.services import org_create
        for i in range(7):
            org_create(user=None, name=f"财政局新支部{i}", type="branch", parent=self.r.oc_b)
        b = compute("discipline_education", year=2026, on=date(2026, 2, 10), unit_ids=[self.r.unit_b.id])
        evidence = b[self.r.unit_b.id].evidence
        assert len(evidence) == 5 and evidence[-1] == "等 8 项"
        assert evidence[0] == "财政局新支部0：1月纪律教育“三个一”未开展"


class DisciplineEducationKind(TestCase):
    def test_the_kind_and_its_local_monthly_rule_for_branches_are_loaded(self):
        kind = ActivityKind.objects.get(code="discipline_education")
        assert (kind.name, kind.category) == ("纪律教育“三个一”", "study")
        rule = FrequencyRule.objects.get(kind=kind)
        assert (rule.applies_to, rule.period, rule.min_count, rule.is_local) == ("branches", "month", 1, True)
        assert "市纪委监委" in rule.basis

    def test_the_defaults_carry_the_same_kind_and_rule(self):
        from dangjian.records import defaults
        assert ("discipline_education", "纪律教育“三个一”", "study", False, False) in defaults.KINDS
        assert any(r[0] == "discipline_education" and r[1:4] == ("branches", "month", 1) and r[5]
                   for r in defaults.RULES)

    def test_the_record_form_hints_the_three_parts(self):
        from dangjian.records.forms import ActivityForm
        form = ActivityForm(kind=ActivityKind.objects.get(code="discipline_education"), roster=[])
        assert "典型案例" in form.fields["topic"].help_text
        assert "党规党纪" in form.fields["summary"].help_text and "心得" in form.fields["summary"].help_text
