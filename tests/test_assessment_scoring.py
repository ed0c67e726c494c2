"""Live results: every point traced to the ledger or a metric's months, 缺项 at full marks,
division weights, renormalisation, bonus, veto, rank and grade; constant queries."""
from datetime import date
from decimal import Decimal as D

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from dangjian.accounts.models import Department, Role
from dangjian.assessment.metrics import registry_errors
from dangjian.assessment.models import AssessedBody, Division, Indicator, Scheme
from dangjian.assessment.rules import FAIRLY_GOOD, GOOD, shown
from dangjian.assessment.scoring import scheme_results
from dangjian.assessment.services import (
    assessed_bodies_sync, ledger_entry_create, ledger_entry_reverse, scheme_publish,
)
from dangjian.orgs.models import OrgType, Unit, UnitCategory
from dangjian.orgs.services import org_create
from dangjian.records.models import Activity, ActivityKind

from .factories import make_registry, make_user

K = Indicator.Kind
ON = date(2026, 4, 15)          # January to March have ended


def agenda(org, *days):
    kind = ActivityKind.objects.get(code="first_agenda")
    Activity.objects.bulk_create(Activity(org=org, kind=kind, held_on=d, topic="第一议题", form="集中学习")
                                 for d in days)


class Results(TestCase):
    @classmethod
    def setUpTestData(cls):
        r = cls.r = make_registry()
        r.discipline = Department.objects.create(name="纪委监委")
        r.discipline_user = make_user("dept_jw", Role.DEPARTMENT, department=r.discipline)
        other = UnitCategory.objects.create(name="事业单位")
        scheme = Scheme.objects.create(year=2026, kind=Scheme.Kind.DAILY, title="日常考核", total=20, basis="办法",
                                       good_share=D("0.5"), good_min=15, fairly_good_min=14, average_min=10)
        a = Indicator.objects.create(scheme=scheme, code="A", name="政治建设", kind=K.GROUP, max_points=10)
        g = Indicator.objects.create(scheme=scheme, code="G", name="融合与责任", kind=K.GROUP, max_points=10)
        make = lambda code, **kw: Indicator.objects.create(scheme=scheme, code=code, **kw)  # noqa: E731
        cls.ind = {
            "A1": make("A1", parent=a, name="第一议题学习落实", kind=K.METRIC, max_points=4, metric="first_agenda",
                       department=r.department),
            "A2": make("A2", parent=a, name="重大部署落实", kind=K.DEDUCTION, max_points=6, per_case=1,
                       department=r.discipline),
            "G1": make("G1", parent=g, name="融合项目", kind=K.PANEL, max_points=6, department=r.department),
            "G2": make("G2", parent=g, name="群团工作", kind=K.DEDUCTION, max_points=4, department=r.department),
            "X1": make("X1", name="荣誉", kind=K.BONUS, cap=3, department=r.department),
            "V1": make("V1", name="典型案例通报", kind=K.VETO, veto="not_good", basis="办法第九条",
                       department=r.discipline),
        }
        cls.ind["G2"].categories.set([other])                    # does not apply to 党政机关
        Division.objects.create(scheme=scheme, name="党政机关", weights={"A": 12, "G": 8}).categories.set([r.category])
        cls.scheme = scheme_publish(user=r.committee, scheme=scheme)
        assessed_bodies_sync()
        cls.a = AssessedBody.objects.get(unit=r.unit_a)
        cls.b = AssessedBody.objects.get(unit=r.unit_b)
        agenda(r.oc_a, date(2026, 1, 9), date(2026, 1, 20), date(2026, 2, 3), date(2026, 4, 2))
        for ref in ("督查1", "督查2"):
            cls.enter(r.discipline_user, "A2", cls.a, case_ref=ref)
        cls.enter(r.dept, "G1", cls.a, points="5")
        cls.enter(r.dept, "X1", cls.a, points="2")
        wrong = cls.enter(r.discipline_user, "A2", cls.b, case_ref="督查3")
        ledger_entry_reverse(user=r.discipline_user, entry=wrong, reason="复核不属实")
        cls.enter(r.discipline_user, "V1", cls.b, case_ref="通报〔2026〕2号")

    @classmethod
    def enter(cls, user, code, body, **kw):
        return ledger_entry_create(user=user, indicator=cls.ind[code], body=body, fact="事实",
                                   occurred_on=date(2026, 3, 1), **kw)

    def results(self):
        return {r.body: r for r in scheme_results(self.scheme, on=ON).bodies}

    def test_the_totals_are_the_ledger_and_the_metric_summed_by_hand(self):
        out = self.results()
        a, b = out[self.a], out[self.b]
        # division weights: A 10 -> 12 (x1.2), G 10 -> 8 (x0.8); G2 does not apply to these units
        lines = {line.indicator.code: line.result for line in a.leaves}
        assert set(lines) == {"A1", "A2", "G1"}
        assert lines["A1"].maximum == D("4.8") and lines["A1"].points == D("3.2")      # 2 of 3 months
        assert lines["A2"].points == D("7.2") - 2 * D("1.2")                           # two cases, scaled
        assert lines["G1"].points == D("4.0")                                          # panel 5 of 6, scaled
        assert shown(a.score) == shown(D(12) / D("16.8") * 20 + 2)                    # 16.29 with the bonus
        assert a.bonus == 2
        b_lines = {line.indicator.code: line.result for line in b.leaves}
        assert b_lines["A1"].points == 0 and not b_lines["A1"].missing                  # no month recorded
        assert b_lines["A2"].points == D("7.2")                                         # reversed: nothing
        assert b_lines["G1"].missing and b_lines["G1"].points == D("4.8")               # 缺项 at full marks
        assert shown(b.score) == D("14.29") and b.veto == "not_good"

    def test_the_score_card_says_which_months_and_what_is_missing(self):
        a = self.results()[self.a]
        a1 = next(line for line in a.leaves if line.indicator.code == "A1")
        assert a1.evidence == ("第一议题：3月未记录",)
        b = self.results()[self.b]
        assert [line.indicator.code for line in b.missing] == ["G1"]

    def test_ranks_and_grades_within_the_division_with_the_veto(self):
        out = self.results()
        assert (out[self.a].rank, out[self.a].grade) == (1, GOOD)
        assert (out[self.b].rank, out[self.b].grade) == (2, FAIRLY_GOOD)     # 14.29 and 不得评为好
        assert out[self.a].division.name == "党政机关"

    def test_queries_do_not_grow_with_units_records_or_entries(self):
        def count():
            with CaptureQueriesContext(connection) as ctx:
                scheme_results(self.scheme, on=ON)
            return len(ctx.captured_queries)
        before = count()
        for i in range(4):
            unit = Unit.objects.create(name=f"市第{i}局", category=self.r.category, zone=self.r.zone_a)
            oc = org_create(user=None, name=f"市第{i}局机关党委", type=OrgType.ORGAN_COMMITTEE, unit=unit,
                            term_start=date(2024, 1, 1))
            agenda(oc, date(2026, 1, 5), date(2026, 3, 5))
        assessed_bodies_sync()
        for body in AssessedBody.objects.filter(unit__name__startswith="市第"):
            self.enter(self.r.discipline_user, "A2", body, case_ref=f"案{body.pk}")
            self.enter(self.r.dept, "G1", body, points="3")
        results = scheme_results(self.scheme, on=ON)
        assert len(results.bodies) == 6 and [r.rank for r in results.bodies] == sorted(r.rank for r in results.bodies)
        assert count() == before

    def test_registered_metrics_name_no_forbidden_basis(self):
        assert registry_errors() == []
