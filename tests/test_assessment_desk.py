"""The department desk: its indicators × units, one fact in one short form, reversal; another
department's indicator is a 403, bad input a Chinese 400 that writes nothing."""
import re
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.assessment.models import LedgerEntry

from .assessment_builder import DAY, add_discipline, body_of, build_scheme, enter, more_units
from .factories import make_registry

DESK = reverse("assessment:desk")


class Desk(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = add_discipline(make_registry())
        cls.scheme, cls.ind = build_scheme(cls.r)
        cls.a, cls.b = body_of(cls.r.unit_a), body_of(cls.r.unit_b)
        cls.old = enter(cls.r.discipline_user, cls.ind["E4"], cls.a, case_ref="巡察2026-1", fact="整改逾期一项")

    def post(self, user, **data):
        self.client.force_login(user)
        form = {"indicator": "", "body": self.a.pk, "severity": "", "points": "", "fact": "某事实",
                "case_ref": "", "occurred_on": DAY.isoformat()}
        form.update(data)
        return self.client.post(DESK, form)

    def test_the_desk_lists_only_the_departments_indicators_and_the_units_scored(self):
        self.client.force_login(self.r.discipline_user)
        html = self.client.get(DESK).content.decode()
        assert "E1 违纪案件" in html and "E4 巡察、审计问题整改" in html and "V1 典型案例通报" in html
        assert "G1 党建业务融合项目" not in html and "A1 第一议题" not in html      # another's; a metric
        assert re.search(r">市发展和改革委员会</a>（1.00分）", html) and "整改逾期一项" in html

    def test_a_fact_by_severity_is_entered_with_the_ladders_points(self):
        response = self.post(self.r.discipline_user, indicator=self.ind["E1"].pk, severity="light_sanction",
                             case_ref="纪案〔2026〕7号")
        assert response.status_code == 302
        entry = LedgerEntry.objects.get(case_ref="纪案〔2026〕7号")
        assert (entry.points, entry.severity, entry.body, entry.created_by) == (3, "light_sanction", self.a,
                                                                                 self.r.discipline_user)

    def test_an_optional_evidence_reference_is_kept_and_shown_on_the_card(self):
        assert self.post(self.r.discipline_user, indicator=self.ind["E4"].pk, case_ref="审计9",
                         evidence="  审计报告〔2026〕9号 第3页 ").status_code == 302
        entry = LedgerEntry.objects.get(case_ref="审计9")
        assert entry.evidence == "审计报告〔2026〕9号 第3页"
        self.client.force_login(self.r.committee)
        html = self.client.get(reverse("assessment:card", args=[self.a.pk])).content.decode()
        assert "佐证：审计报告〔2026〕9号 第3页" in html

    def test_a_per_case_fact_is_priced_by_the_service_whatever_points_are_posted(self):
        assert self.post(self.r.discipline_user, indicator=self.ind["E4"].pk, case_ref="审计1",
                         points="4").status_code == 302
        assert LedgerEntry.objects.get(case_ref="审计1").points == 1

    def test_another_departments_indicator_is_a_403_and_writes_nothing(self):
        before = LedgerEntry.objects.count()
        response = self.post(self.r.dept, indicator=self.ind["E1"].pk, severity="judicial", case_ref="伪造1")
        assert response.status_code == 403
        assert LedgerEntry.objects.count() == before

    def test_bad_input_is_a_chinese_400_that_writes_nothing(self):
        before = LedgerEntry.objects.count()
        cases = [
            (self.r.dept, dict(indicator=self.ind["G1"].pk, points="9"), "不能超过该指标的"),
            (self.r.dept, dict(indicator=self.ind["G1"].pk, points=""), "请填写分值"),
            (self.r.dept, dict(indicator=self.ind["G1"].pk, points="2", fact=""), "这个字段是必填项"),
            (self.r.discipline_user, dict(indicator=self.ind["E1"].pk, case_ref="纪案9"), "请选择情形"),
            (self.r.discipline_user, dict(indicator=self.ind["E4"].pk), "请填写案件编号"),
            (self.r.discipline_user, dict(indicator=self.ind["E4"].pk, case_ref="巡察2026-1"), "同一案件只计一次"),
            (self.r.dept, dict(indicator=self.ind["G1"].pk, points="-1"), "确保该值大于或等于0"),
            (self.r.dept, dict(indicator=self.ind["G1"].pk, points="2", occurred_on="2099-01-01"), "日期晚于今天"),
        ]
        for user, data, message in cases:
            response = self.post(user, **data)
            assert response.status_code == 400, data
            assert message in response.content.decode(), (data, message)
        assert LedgerEntry.objects.count() == before

    def test_a_reversal_needs_a_reason_and_is_the_owning_departments(self):
        url = reverse("assessment:entry_reverse", args=[self.old.pk])
        self.client.force_login(self.r.dept)                             # sees it, does not own it
        assert self.client.post(url, {"reason": "不属实"}).status_code == 403
        self.client.force_login(self.r.discipline_user)
        response = self.client.post(url, {"reason": ""})
        assert response.status_code == 400 and "请写明冲销理由" in response.content.decode()
        assert not LedgerEntry.objects.filter(reverses=self.old).exists()
        assert self.client.post(url, {"reason": "复核不属实"}).status_code == 302
        assert LedgerEntry.objects.get(reverses=self.old).fact == "复核不属实"
        response = self.client.post(url, {"reason": "再冲一次"})
        assert response.status_code == 400 and "已冲销" in response.content.decode()

    def test_outsiders_get_a_404_for_an_entry_and_a_403_for_the_desk(self):
        url = reverse("assessment:entry_reverse", args=[self.old.pk])
        for user in (self.r.outsider, self.r.secretary):
            self.client.force_login(user)
            assert self.client.post(url, {"reason": "x"}).status_code == 404
            assert self.client.get(DESK).status_code == 403
        self.client.force_login(self.r.zone_lead)                         # sees unit A, scores nothing
        assert self.client.post(url, {"reason": "x"}).status_code == 403
        assert self.client.get(DESK).status_code == 403
        assert not LedgerEntry.objects.filter(reverses=self.old).exists()

    def test_the_desk_makes_the_same_queries_at_two_sizes(self):
        self.client.force_login(self.r.discipline_user)

        def count():
            with CaptureQueriesContext(connection) as ctx:
                assert self.client.get(DESK).status_code == 200
            return len(ctx.captured_queries)
        self.client.get(DESK)
        small = count()
        more_units(self.r, 6, self.ind)
        assert count() == small

    def test_an_indicator_scored_on_many_units_names_the_first_and_counts_the_rest(self):
        from dangjian.assessment import selectors

        more_units(self.r, 4, self.ind)
        self.client.force_login(self.r.discipline_user)
        page = self.client.get(DESK).content.decode()
        assert "个单位" not in page.split('id="ind-title"')[1].split("</table>")[0]   # five units: all named
        sums = selectors.desk_sums(self.scheme, {self.r.discipline.pk}, shown=2)
        rows, scored = sums[self.ind["E4"].pk]
        assert scored == 5 and [name for _pk, name, _p, _n in rows] == ["市发展和改革委员会", "市第0局"]
        with mock.patch.object(selectors, "DESK_NAMES", 2):
            page = self.client.get(DESK).content.decode()
        cell = page.split('id="ind-title"')[1].split("</table>")[0]
        assert cell.count('href="/assessment/cards/') == 2 and "等 5 个单位" in cell
        assert f'href="{reverse("assessment:ledger")}?scheme={self.scheme.pk}">见考核台账</a>' in cell
