"""Overdue rectifications feed E4 (the ``rectification_overdue`` metric), judged by the status on
the day scored; open inspection and audit findings for the selection engine. Bulk, constant queries."""
from datetime import datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from dangjian.assessment import metrics
from dangjian.assessment.models import Indicator
from dangjian.assessment.scoring import scheme_results
from dangjian.demo import assessment_schemes
from dangjian.orgs.models import Unit
from dangjian.rectification.models import Problem, Source, Transition
from dangjian.rectification.selectors import units_with_open_findings

from . import clock
from .assessment_builder import add_discipline, build_scheme
from .factories import make_registry

TODAY = clock.TODAY
TZ = ZoneInfo("Asia/Shanghai")


def at(day):
    return datetime.combine(day, time(15, 0), tzinfo=TZ)


class Facts(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = add_discipline(make_registry())

    def problem(self, unit=None, *, deadline, steps=(), source=Source.INSPECTION, raised=None, text="巡察反馈问题"):
        """A problem whose history is ``steps``: [(day, status after)] after its creation."""
        raised = raised or deadline - timedelta(days=60)
        status = steps[-1][1] if steps else "open"
        p = Problem.objects.create(unit=unit or self.r.unit_a, department=self.r.discipline, source=source,
                                   raised_on=raised, description=text, measures="整改", owner="张某",
                                   deadline=deadline, status=status, created_by=self.r.discipline_user)
        Transition.objects.create(problem=p, action="create", status="open", by=self.r.discipline_user, at=at(raised))
        actions = {"done": "report", "verified": "verify", "open": "send_back"}
        for day, after in steps:
            Transition.objects.create(problem=p, action=actions[after], status=after, by=self.r.discipline_user,
                                      at=at(day))
        return p

    def measure(self, on=TODAY, year=None, unit_ids=None, params=None):
        ids = unit_ids or [self.r.unit_a.pk, self.r.unit_b.pk]
        return metrics.compute("rectification_overdue", year=year or on.year, on=on, unit_ids=ids,
                               params=params or {"share_each": "1/4"})


class Overdue(Facts):
    def test_each_overdue_item_costs_a_quarter_and_the_rest_do_not(self):
        self.problem(deadline=TODAY - timedelta(days=5), text="逾期未整改")
        self.problem(deadline=TODAY - timedelta(days=30),
                     steps=[(TODAY - timedelta(days=40), "done"), (TODAY - timedelta(days=20), "open")], text="退回后逾期")
        self.problem(deadline=TODAY - timedelta(days=30), steps=[(TODAY - timedelta(days=3), "done")])   # late, but done
        self.problem(deadline=TODAY + timedelta(days=10))                                                  # not yet due
        self.problem(deadline=TODAY, text="今天到期")                                                       # due today: on time
        out = self.measure()
        assert out[self.r.unit_a.pk].share == Fraction(1, 2)
        evidence = out[self.r.unit_a.pk].evidence
        late = (TODAY - timedelta(days=30)).isoformat(), (TODAY - timedelta(days=5)).isoformat()
        assert evidence == (f"巡察问题整改逾期（整改期限 {late[0]}）", f"巡察问题整改逾期（整改期限 {late[1]}）")
        assert "逾期未整改" not in " ".join(evidence)      # the finding's text stays with its unit and department
        assert out[self.r.unit_b.pk].share == 1 and out[self.r.unit_b.pk].evidence == ()     # a fact, not 缺项

    def test_the_status_on_the_day_scored_counts_not_todays(self):
        deadline = TODAY - timedelta(days=60)
        self.problem(deadline=deadline, steps=[(TODAY - timedelta(days=20), "done"), (TODAY - timedelta(days=10), "verified")])
        assert self.measure(on=TODAY - timedelta(days=30))[self.r.unit_a.pk].share == Fraction(3, 4)
        assert self.measure(on=TODAY)[self.r.unit_a.pk].share == 1
        # a year already over is judged on its last day
        last_year = TODAY.year - 1
        self.problem(deadline=TODAY.replace(year=last_year, month=11, day=30),
                     steps=[(TODAY.replace(month=1, day=15), "done")])
        assert self.measure(on=TODAY, year=last_year)[self.r.unit_a.pk].share == Fraction(3, 4)

    def test_never_below_zero_and_the_share_is_a_parameter(self):
        for i in range(6):
            self.problem(deadline=TODAY - timedelta(days=i + 1))
        assert self.measure()[self.r.unit_a.pk].share == 0
        evidence = self.measure()[self.r.unit_a.pk].evidence
        assert len(evidence) == 5 and evidence[-1] == "等 6 项"                # capped: 4 lines and 等 6 项
        assert self.measure(params={"share_each": "0.1"})[self.r.unit_a.pk].share == Fraction(2, 5)

    def test_a_constant_number_of_queries_for_all_units(self):
        def count():
            with CaptureQueriesContext(connection) as ctx:
                self.measure()
            return len(ctx.captured_queries)
        self.problem(deadline=TODAY - timedelta(days=3))
        small = count()
        for i in range(10):
            self.problem(self.r.unit_b if i % 2 else None, deadline=TODAY - timedelta(days=i + 1),
                         steps=[(TODAY - timedelta(days=1), "done")] if i % 3 == 0 else ())
        assert count() == small == 2

    def test_it_feeds_e4_of_a_scheme_like_a_deduction_of_one_point_an_item(self):
        scheme, ind = build_scheme(self.r, publish=False)
        Indicator.objects.filter(pk=ind["E4"].pk).update(kind=Indicator.Kind.METRIC, metric="rectification_overdue",
                                                         params={"share_each": "1/5"}, per_case=None)
        self.problem(deadline=TODAY - timedelta(days=3))
        self.problem(deadline=TODAY - timedelta(days=9))
        results = {r.body.unit_id: r for r in scheme_results(scheme, on=TODAY).bodies}
        e4 = {u: next(line for line in r.leaves if line.indicator.code == "E4") for u, r in results.items()}
        assert e4[self.r.unit_a.pk].result.points == Decimal(3)             # 5 points less 2 overdue items
        assert e4[self.r.unit_b.pk].result.points == Decimal(5) and not e4[self.r.unit_b.pk].result.missing
        assert len(e4[self.r.unit_a.pk].evidence) == 2

    def test_the_demo_scheme_scores_e4_by_the_metric(self):
        groups = {code: leaves for code, _name, _points, leaves in assessment_schemes.DAILY}
        e4 = next(leaf for leaf in groups["E"] if leaf[0] == "E4")
        assert e4[2:5] == (4, "纪", "M") and e4[5] == ("rectification_overdue", {"share_each": "1/4"})
        assert "rectification_overdue" in metrics.REGISTRY and metrics.registry_errors() == []


class OpenFindings(Facts):
    def test_open_inspection_and_audit_findings_on_a_day(self):
        unit_c = Unit.objects.create(name="市审计局", category=self.r.category, zone=self.r.zone_b)
        unit_d = Unit.objects.create(name="市统计局", category=self.r.category, zone=self.r.zone_b)
        unit_e = Unit.objects.create(name="市商务局", category=self.r.category, zone=self.r.zone_b)
        day = TODAY - timedelta(days=10)
        self.problem(self.r.unit_a, deadline=TODAY + timedelta(days=5))                                   # open
        self.problem(self.r.unit_b, deadline=TODAY, source=Source.AUDIT, steps=[(day - timedelta(days=1), "done")])
        self.problem(unit_c, deadline=TODAY, steps=[(day - timedelta(days=3), "done"), (day - timedelta(days=2), "verified")])
        self.problem(unit_d, deadline=TODAY + timedelta(days=5), source=Source.SELF_CHECK)               # not a finding
        self.problem(unit_e, deadline=TODAY + timedelta(days=30), raised=day + timedelta(days=1))         # raised later
        ids = [self.r.unit_a.pk, self.r.unit_b.pk, unit_c.pk, unit_d.pk, unit_e.pk]
        assert units_with_open_findings(ids, day) == {self.r.unit_a.pk, self.r.unit_b.pk}
        assert units_with_open_findings(ids, TODAY) == {self.r.unit_a.pk, self.r.unit_b.pk, unit_e.pk}
        assert units_with_open_findings([unit_c.pk], day - timedelta(days=3)) == {unit_c.pk}   # before verification
        with CaptureQueriesContext(connection) as ctx:
            units_with_open_findings(ids, day)
        assert len(ctx.captured_queries) == 2
