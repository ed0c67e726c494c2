"""The score card (why this score), the division tables and their workbook, the scheme page:
who sees what (404 outside the reach, 403 without the right), 缺项 never shown as 0, ties as
ties, reversals struck through, constant queries."""
import io
from datetime import timedelta
import re

from django.db import connection
from django.core.cache import cache
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
import time_machine
from openpyxl import load_workbook

from dangjian.assessment.models import LedgerEntry, Scheme
from dangjian.assessment.models import Indicator
from dangjian.assessment.services import ledger_entry_reverse
from dangjian.audit.models import AuditEntry

from .assessment_builder import add_discipline, body_of, build_scheme, enter, more_units
from . import clock
from .factories import make_registry

TABLES = reverse("assessment:tables")
TEMPLATE_ROWS = """{% for row in rows %}<tr><td data-label="{% translate '名次' %}">{{ row.rank|default:"—" }}{% if row.tied %} <span class="tie">{% translate "（并列）" %}</span>{% endif %}</td>
<td data-label="{% translate '单位' %}"><a href="{% url 'assessment:card' row.body.pk %}?scheme={{ scheme.pk }}">{{ row.body }}</a></td>
<td data-label="{% translate '得分' %}">{{ row.score|pts }}</td><td data-label="{% translate '等次' %}">{{ row.grade_label|default:"—" }}</td>
<td data-label="{% translate '一票否决' %}">{% if row.veto_label %}<span class="veto">{{ row.veto_label }}</span>{% else %}—{% endif %}</td>
<td data-label="{% translate '缺项' %}">{{ row.missing }}</td></tr>{% endfor %}"""   # what the page rendered before division_rows


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


class Results(TestCase):
    @classmethod
    def setUpTestData(cls):
        r = cls.r = add_discipline(make_registry())
        cls.scheme, cls.ind = build_scheme(r)
        cls.a, cls.b = body_of(r.unit_a), body_of(r.unit_b)
        cls.case = enter(r.discipline_user, cls.ind["E1"], cls.a, severity="admonition", case_ref="纪案1",
                         fact="违反工作纪律诫勉")
        wrong = enter(r.discipline_user, cls.ind["E4"], cls.a, case_ref="巡察1", fact="整改逾期")
        ledger_entry_reverse(user=r.discipline_user, entry=wrong, reason="复核已按期整改")
        enter(r.dept, cls.ind["G1"], cls.b, points="5", fact="融合项目评审")
        enter(r.dept, cls.ind["X1"], cls.a, points="1", fact="省级表彰")
        cls.card_a = reverse("assessment:card", args=[cls.a.pk])
        cls.card_b = reverse("assessment:card", args=[cls.b.pk])

    def html(self, user, url, status=200):
        self.client.force_login(user)
        response = self.client.get(url)
        assert response.status_code == status, (user, url, response.status_code)
        return response.content.decode()

    # ---- the card -------------------------------------------------------------------------

    def test_the_card_traces_every_point_and_shows_missing_as_missing(self):
        html = self.html(self.r.unit_admin, self.card_a)
        assert "为什么是这个分" in html and "违反工作纪律诫勉" in html and "纪案1" in html and "诫勉" in html
        assert re.search(r"<del>[^<]*整改逾期（巡察1）", html) and "复核已按期整改" in html   # reversed: struck
        assert "省级表彰" in html and "+1.00分" in html
        g1 = re.search(r"G1 党建业务融合项目</td>.*?</tr>", html, re.S).group(0)
        assert '<span class="missing">缺项</span>' in g1 and "0.00" not in g1            # no panel yet
        assert "第一议题：" in html or "无机关党委" in html                                 # the metric's inputs
        assert "第 " in html and "名 / 共 2 个单位" in html

    def test_a_unit_sees_its_own_card_a_zone_its_units_departments_all(self):
        self.html(self.r.unit_admin, self.card_b, 404)
        self.html(self.r.zone_lead, self.card_a)
        self.html(self.r.zone_lead, self.card_b, 404)
        for user in (self.r.dept, self.r.discipline_user, self.r.committee):
            assert "融合项目评审" in self.html(user, self.card_b)

    def test_outsiders_get_a_404_and_a_user_without_the_right_a_403_on_the_tables(self):
        for user in (self.r.outsider, self.r.secretary, self.r.member_user):
            self.html(user, self.card_a, 404)
            self.html(user, reverse("assessment:card_print", args=[self.a.pk]), 404)
            self.html(user, TABLES, 403)
            self.html(user, reverse("assessment:tables_export"), 403)

    def test_the_card_links_an_appeal_for_the_unit_only(self):
        html = self.html(self.r.unit_admin, self.card_a)
        assert f'href="{reverse("appeals:open", args=[self.case.pk])}">申诉' in html
        assert "/assessment/appeals/open/" not in self.html(self.r.dept, self.card_a)   # no APPEAL right

    def test_no_appeal_link_once_the_window_has_passed(self):
        old = LedgerEntry.objects.create(
            scheme=self.scheme, indicator=self.ind["E4"], body=self.a, department=self.ind["E4"].department,
            points=1, fact="早先的整改逾期", case_ref="巡察旧1", occurred_on=clock.TODAY.replace(day=1),
            created_by=self.r.discipline_user,
            created_at=timezone.now() - timedelta(days=self.scheme.appeal_days + 1))
        html = self.html(self.r.unit_admin, self.card_a)
        assert "早先的整改逾期" in html
        assert reverse("appeals:open", args=[old.pk]) not in html
        assert reverse("appeals:open", args=[self.case.pk]) in html

    def test_the_printable_card_has_the_print_stylesheet_and_no_inline_style(self):
        html = self.html(self.r.unit_admin, reverse("assessment:card_print", args=[self.a.pk]))
        assert "css/assessment.css" in html and "style=" not in html and "违反工作纪律诫勉" in html

    # ---- the tables -----------------------------------------------------------------------

    def test_the_tables_rank_units_within_the_division_and_a_zone_sees_its_rows(self):
        html = self.html(self.r.committee, TABLES)
        assert "党群综合" in html and "市发展和改革委员会" in html and "市财政局" in html
        zone = self.html(self.r.zone_lead, TABLES)
        assert "市发展和改革委员会" in zone and "市财政局" not in zone
        committee_rank = re.search(r'名次">(\d+)[^<]*</td>\s*<td data-label="单位"><a href="[^"]*">市发展和改革委员会',
                                   html).group(1)
        zone_rank = re.search(r'名次">(\d+)', zone).group(1)
        assert committee_rank == zone_rank                                        # the division's rank
        own = self.html(self.r.unit_admin, TABLES)
        assert "市财政局" not in own and "市发展和改革委员会" in own
        people = [m.name for m in self.r.members_a1 + self.r.members_b1] + ["gongwei", "unit1"]
        assert not [name for name in people if name in html.split("<main", 1)[1].split("</main>")[0]]

    def test_the_one_pass_rows_are_the_templates_rows(self):
        from django.template import Context, Template
        from dangjian.assessment.selectors import ranked_tables

        enter(self.r.dept, self.ind["G1"], self.a, points="5", fact="评审")     # a tie, a veto, a missing item
        ledger_entry_reverse(user=self.r.discipline_user, entry=self.case, reason="撤销")
        enter(self.r.dept, self.ind["X1"], self.b, points="1", fact="表彰")
        tables = ranked_tables(self.r.committee, self.scheme)
        first, second = tables[0][1][:2]
        assert first.tied and second.tied
        first.veto_label, first.body.unit.name = "降档<一档>", '市发展和改革委员会<&">'  # the other branches,
        second.rank, second.grade_label = None, ""                                   # and what needs escaping
        loop = Template("{% load i18n assessment_tags %}" + TEMPLATE_ROWS)
        fast = Template("{% load assessment_tags %}{% division_rows rows scheme %}")
        for _division, rows in tables:
            context = Context({"rows": rows, "scheme": self.scheme})
            assert fast.render(context) == loop.render(context) and "<tr>" in fast.render(context)

    def test_equal_scores_are_shown_as_a_tie(self):
        enter(self.r.dept, self.ind["G1"], self.a, points="5", fact="评审")
        ledger_entry_reverse(user=self.r.discipline_user, entry=self.case, reason="撤销")
        enter(self.r.dept, self.ind["X1"], self.b, points="1", fact="表彰")
        html = self.html(self.r.committee, TABLES)
        assert html.count("（并列）") == 2

    def test_the_workbook_holds_the_same_numbers_as_the_page(self):
        html = self.html(self.r.committee, TABLES)
        self.client.force_login(self.r.committee)
        response = self.client.get(reverse("assessment:tables_export"))
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
        ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = list(ws.iter_rows(min_row=3, values_only=True))
        assert ws.title == "党群综合" and len(rows) == 2
        for rank, unit, score, grade, veto, missing in rows:
            assert re.search(rf'名次">{rank}\b.*?{unit}</a></td>\s*<td data-label="得分">{score:.2f}</td>', html, re.S)
        assert AuditEntry.objects.filter(action="assessment.export", user=self.r.committee).exists()
        zone = self.client
        zone.force_login(self.r.zone_lead)
        ws = load_workbook(io.BytesIO(zone.get(reverse("assessment:tables_export")).content)).worksheets[0]
        assert [row[1] for row in ws.iter_rows(min_row=3, values_only=True)] == ["市发展和改革委员会"]

    def test_card_and_tables_make_the_same_queries_at_two_sizes(self):
        self.client.force_login(self.r.committee)
        urls = [TABLES, self.card_a, reverse("assessment:card_print", args=[self.a.pk]),
                reverse("assessment:tables_export")]
        def counts():
            cold = []
            for url in urls:
                cache.clear()                    # the live results computed afresh
                cold.append(queries(self.client, url))
            warm = [queries(self.client, url) for url in urls]     # from the shared cache
            return cold, warm

        for url in urls:
            self.client.get(url)
        small = counts()
        assert all(w < c for c, w in zip(*small))
        more_units(self.r, 7, self.ind)
        assert counts() == small

    def test_a_new_entry_reaches_the_cached_card_at_once(self):
        self.html(self.r.committee, self.card_a)                        # cached now
        enter(self.r.discipline_user, self.ind["E4"], self.a, fact="审计整改逾期", case_ref="审计2")
        assert "审计整改逾期" in self.html(self.r.committee, self.card_a)
        before = self.html(self.r.committee, TABLES)
        ledger_entry_reverse(user=self.r.discipline_user, entry=self.a.ledger.get(case_ref="审计2"), reason="复核")
        assert self.html(self.r.committee, TABLES) != before                 # the score moved back

    def test_a_result_past_its_ttl_is_served_at_once_and_refreshed_once_in_the_background(self):
        from unittest import mock

        from django.core.cache import cache
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from dangjian.assessment import results_cache
        from .test_jobs import run_worker

        def tables():
            main = self.html(self.r.committee, TABLES).split("<main", 1)[1].split("</main>")[0]
            return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)

        before = tables()                                            # computed in the request, fresh
        base = results_cache._base(self.scheme, timezone.localdate())
        assert cache.get(f"{base}:fresh") and not DBTaskResult.objects.exists()
        cache.delete(f"{base}:fresh")                                    # TTL has passed
        refused = AssertionError("the province's recompute ran in the request")
        with mock.patch.object(results_cache, "scheme_results", side_effect=refused):
            assert tables() == before                                    # the stored result, at once
            self.html(self.r.unit_admin, self.card_a)                    # a second view queues no second refresh
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "dangjian.assessment.tasks.refresh_results"
        computed = results_cache.scheme_results
        with mock.patch.object(results_cache, "scheme_results", side_effect=computed) as recompute:
            run_worker()
        assert recompute.call_count == 1 and DBTaskResult.objects.get().status == "SUCCESSFUL"
        assert cache.get(f"{base}:fresh") and cache.get(f"{base}:refreshing") is None
        assert tables() == before and "名次" in before and DBTaskResult.objects.count() == 1
        tomorrow = timezone.localdate() + timedelta(days=1)           # a new day: the day before's
        with time_machine.travel(clock.MOMENT + timedelta(days=1), tick=False):   # served, the day's queued
            with mock.patch.object(results_cache, "scheme_results", side_effect=refused):
                assert tables() == before
            assert DBTaskResult.objects.filter(status="READY").count() == 1
            run_worker()
            assert cache.get(f"{results_cache._base(self.scheme, tomorrow)}:table") is not None

    # ---- the scheme page ------------------------------------------------------------------

    def test_the_committee_sees_schemes_their_tree_and_problems_and_publishes(self):
        draft = Scheme.objects.create(year=self.scheme.year, kind=Scheme.Kind.CLEAN_ORGAN, title="清廉机关",
                                      basis="", total=100)
        html = self.html(self.r.committee, reverse("assessment:scheme_list"))
        assert "日常考核" in html and "清廉机关" in html and "草稿" in html
        html = self.html(self.r.committee, reverse("assessment:scheme_detail", args=[self.scheme.pk]))
        assert "E1 违纪案件" in html and "纪委监委" in html and "诫勉 1" in html and "考核办法第九条" in html
        publish = reverse("assessment:scheme_publish", args=[draft.pk])
        self.client.force_login(self.r.committee)
        response = self.client.post(publish)
        assert response.status_code == 400 and "考核方案须写明依据文件" in response.content.decode()
        draft.refresh_from_db()
        assert not draft.published

    def test_publishing_a_sound_draft_freezes_it(self):
        draft, _ind = build_scheme(self.r, publish=False, year=self.scheme.year + 1)
        self.client.force_login(self.r.committee)
        detail = self.html(self.r.committee, reverse("assessment:scheme_detail", args=[draft.pk]))
        assert "检查通过，可以发布" in detail
        assert self.client.post(reverse("assessment:scheme_publish", args=[draft.pk])).status_code == 302
        draft.refresh_from_db()
        assert draft.published and draft.published_by == self.r.committee

    def test_a_published_scheme_changes_only_by_a_new_version_that_says_what_changed(self):
        url = reverse("assessment:scheme_new_version", args=[self.scheme.pk])
        assert "新建版本" in self.html(self.r.committee, reverse("assessment:scheme_detail", args=[self.scheme.pk]))
        self.client.force_login(self.r.committee)
        response = self.client.post(url, {"change_note": "  "})
        assert response.status_code == 400 and "请写明本版变更内容" in response.content.decode()
        assert not Scheme.objects.filter(previous=self.scheme).exists()
        self.client.force_login(self.r.dept)
        assert self.client.post(url, {"change_note": "调整"}).status_code == 403
        self.client.force_login(self.r.outsider)
        assert self.client.post(url, {"change_note": "调整"}).status_code == 404
        self.client.force_login(self.r.committee)
        response = self.client.post(url, {"change_note": "E4 每起扣分改为 0.5 分"})
        draft = Scheme.objects.get(previous=self.scheme)
        assert response.status_code == 302 and response["Location"].endswith(f"/schemes/{draft.pk}/")
        assert (draft.version, draft.published, draft.change_note) == (self.scheme.version + 1, False,
                                                                        "E4 每起扣分改为 0.5 分")
        assert draft.indicators.count() == self.scheme.indicators.count()

    def test_others_get_a_403_or_a_404_on_the_scheme_pages(self):
        draft, _ind = build_scheme(self.r, publish=False, year=self.scheme.year + 1)
        self.html(self.r.dept, reverse("assessment:scheme_list"), 403)
        self.html(self.r.dept, reverse("assessment:scheme_detail", args=[draft.pk]), 404)      # a draft
        self.html(self.r.dept, reverse("assessment:scheme_detail", args=[self.scheme.pk]))    # published
        self.client.force_login(self.r.dept)
        assert self.client.post(reverse("assessment:scheme_publish", args=[self.scheme.pk])).status_code == 403
        assert self.client.post(reverse("assessment:scheme_publish", args=[draft.pk])).status_code == 404
        for user in (self.r.outsider, self.r.secretary):
            self.html(user, reverse("assessment:scheme_detail", args=[self.scheme.pk]), 404)
            self.html(user, reverse("assessment:scheme_list"), 403)
        draft.refresh_from_db()
        assert not draft.published

    def test_the_scheme_list_makes_the_same_queries_at_two_sizes(self):
        self.client.force_login(self.r.committee)
        url = reverse("assessment:scheme_list")
        self.client.get(url)
        small = queries(self.client, url)
        draft, ind = build_scheme(self.r, publish=False, year=2030)
        detail = reverse("assessment:scheme_detail", args=[draft.pk])
        self.client.get(detail)
        small_detail = queries(self.client, detail)
        for year in (2031, 2032):
            build_scheme(self.r, publish=False, year=year)
        for i in range(5):
            Indicator.objects.create(scheme=draft, parent=ind["G1"].parent, code=f"G{i + 5}", name="新增",
                                     kind=Indicator.Kind.DEDUCTION, max_points=1, department=self.r.department)
        assert queries(self.client, url) == small
        assert queries(self.client, detail) == small_detail
