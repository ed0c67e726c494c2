"""Rectification pages: the department's list, raising (also from a deduction on the desk), the
detail with its forms, the unit's list and report, the committee's counts. Open problems are
visible to their unit and the raising department only (404 to everyone else); constant queries."""
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.rectification.models import Problem, Status
from dangjian.rectification.services import problem_report_done

from .test_rectification_services import PDF, TODAY, Base


class Pages(Base):
    def get(self, user, name, *args, query=""):
        self.client.force_login(user)
        return self.client.get(reverse(name, args=args) + query)

    def post(self, user, name, *args, query="", **data):
        self.client.force_login(user)
        return self.client.post(reverse(name, args=args) + query, data)

    def form(self, **kw):
        data = dict(department=self.r.discipline.pk, source="inspection", raised_on=(TODAY - timedelta(days=5)).isoformat(),
                    description="巡察反馈：公务接待审批单据不全", measures="补齐审批手续", owner="李某 办公室主任",
                    deadline=(TODAY + timedelta(days=30)).isoformat(), org="")
        data.update(kw)
        return data

    # -- who sees what ---------------------------------------------------------------------

    def test_an_open_problem_is_seen_by_its_unit_and_the_raising_department_only(self):
        problem = self.raise_()
        assert self.get(self.r.discipline_user, "rectification:detail", problem.pk).status_code == 200
        page = self.get(self.r.unit_admin, "rectification:detail", problem.pk)
        assert page.status_code == 200 and "公务" not in page.content.decode() and "议事规则" in page.content.decode()
        for outsider in (self.r.dept, self.r.unit_admin_b, self.r.outsider, self.r.zone_lead, self.r.committee,
                         self.r.secretary, self.r.auditor):
            assert self.get(outsider, "rectification:detail", problem.pk).status_code == 404, outsider
            assert self.post(outsider, "rectification:report", problem.pk, note="x").status_code == 404, outsider
            assert self.post(outsider, "rectification:verify", problem.pk).status_code == 404, outsider
        assert self.get(self.r.discipline_user, "rectification:detail", 999999).status_code == 404
        assert list(self.get(self.r.unit_admin, "rectification:unit").context["page"]) == [problem]
        assert list(self.get(self.r.unit_admin_b, "rectification:unit").context["page"]) == []
        assert list(self.get(self.r.discipline_user, "rectification:raised").context["page"]) == [problem]
        assert list(self.get(self.r.dept, "rectification:raised").context["page"]) == []

    def test_pages_a_role_does_not_open_are_403_and_anonymous_goes_to_login(self):
        for user, name in ((self.r.outsider, "rectification:raised"), (self.r.dept, "rectification:unit"),
                           (self.r.unit_admin, "rectification:overview"), (self.r.discipline_user, "rectification:overview"),
                           (self.r.unit_admin, "rectification:create"), (self.r.outsider, "rectification:index")):
            assert self.get(user, name).status_code == 403, (user, name)
        self.client.logout()
        response = self.client.get(reverse("rectification:raised"))
        assert response.status_code == 302 and response.url.startswith("/login/")

    def test_the_nav_entry_leads_each_side_to_its_page(self):
        for user, name in ((self.r.discipline_user, "rectification:raised"), (self.r.unit_admin, "rectification:unit"),
                           (self.r.committee, "rectification:overview")):
            response = self.get(user, "rectification:index")
            assert response.status_code == 302 and response.url == reverse(name)
            assert "问题整改" in self.get(user, "home").content.decode()
        assert "问题整改" not in self.get(self.r.outsider, "home").content.decode()

    # -- raising -----------------------------------------------------------------------------

    def test_a_department_raises_a_problem_in_two_steps(self):
        page = self.get(self.r.discipline_user, "rectification:create")
        assert page.status_code == 200 and "市财政局" in page.content.decode()
        query = f"?unit={self.r.unit_a.pk}"
        page = self.get(self.r.discipline_user, "rectification:create", query=query)
        assert page.status_code == 200 and "发改委第一党支部" in page.content.decode()
        assert "财政局第一党支部" not in page.content.decode()
        response = self.post(self.r.discipline_user, "rectification:create", query=query,
                             **self.form(org=self.r.branch_a1.pk))
        problem = Problem.objects.get()
        assert response.status_code == 302 and response.url == reverse("rectification:detail", args=[problem.pk])
        assert (problem.unit, problem.org, problem.department) == (self.r.unit_a, self.r.branch_a1, self.r.discipline)

    def test_bad_input_over_http_is_a_400_with_the_message_and_nothing_written(self):
        query = f"?unit={self.r.unit_a.pk}"
        for data, message in (
            (self.form(deadline=(TODAY - timedelta(days=6)).isoformat()), "整改期限不能早于问题提出日期"),
            (self.form(department=self.r.department.pk), "本人所在考核部门"),          # forged department
            (self.form(org=self.r.branch_b1.pk), "选择一个有效的选项"),                 # another unit's org
            (self.form(owner=""), "这个字段是必填项"),
        ):
            response = self.post(self.r.discipline_user, "rectification:create", query=query, **data)
            assert response.status_code == 400 and message in response.content.decode(), message
        assert self.post(self.r.discipline_user, "rectification:create", query="?unit=999999",
                         **self.form()).status_code == 404
        response = self.post(self.r.discipline_user, "rectification:create", **self.form(unit="999999"))
        assert response.status_code == 400 and "请选择单位" in response.content.decode()
        response = self.post(self.r.discipline_user, "rectification:create", **self.form(unit="²"))
        assert response.status_code == 400
        assert not Problem.objects.exists()

    def test_from_a_deduction_on_the_desk(self):
        entry = self.deduction()
        desk = self.get(self.r.discipline_user, "assessment:desk").content.decode()
        link = reverse("rectification:create") + f"?entry={entry.pk}"
        assert link in desk
        page = self.get(self.r.discipline_user, "rectification:create", query=f"?entry={entry.pk}")
        assert page.status_code == 200 and "巡察反馈问题整改不到位" in page.content.decode()
        response = self.post(self.r.discipline_user, "rectification:create", query=f"?entry={entry.pk}",
                             **self.form(source="assessment", raised_on=TODAY.isoformat()))
        assert response.status_code == 302 and Problem.objects.get().entry == entry
        # another department cannot raise from it: it is not theirs
        assert self.get(self.r.dept, "rectification:create", query=f"?entry={entry.pk}").status_code == 404

    # -- report, verify, send back -----------------------------------------------------------

    def test_the_unit_reports_done_with_a_file_and_the_department_verifies(self):
        problem = self.raise_()
        page = self.get(self.r.unit_admin, "rectification:detail", problem.pk)
        assert page.context["report_form"] and page.context["verify_form"] is None
        assert self.post(self.r.unit_admin, "rectification:report", problem.pk, note="").status_code == 400
        self.client.force_login(self.r.unit_admin)
        response = self.client.post(reverse("rectification:report", args=[problem.pk]), {
            "note": "已修订规则", "evidence": SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf")})
        assert response.status_code == 302
        download = self.get(self.r.discipline_user, "rectification:evidence", problem.pk)
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert self.get(self.r.dept, "rectification:evidence", problem.pk).status_code == 404
        page = self.get(self.r.discipline_user, "rectification:detail", problem.pk)
        assert page.context["verify_form"] and page.context["send_back_form"] and page.context["report_form"] is None
        response = self.post(self.r.unit_admin, "rectification:verify", problem.pk)
        assert response.status_code == 400 and "只有提出该问题的部门" in response.content.decode()
        assert self.post(self.r.discipline_user, "rectification:send_back", problem.pk, note="").status_code == 400
        assert self.post(self.r.discipline_user, "rectification:verify", problem.pk, note="同意销号").status_code == 302
        problem.refresh_from_db()
        assert problem.status == Status.VERIFIED
        html = self.get(self.r.unit_admin, "rectification:detail", problem.pk).content.decode()
        assert "同意销号" in html and "已验收销号" in html

    def test_send_back_over_http(self):
        problem = self.raise_()
        problem_report_done(user=self.r.unit_admin, problem=problem, note="已整改")
        assert self.post(self.r.discipline_user, "rectification:send_back", problem.pk,
                         note="材料不全").status_code == 302
        problem.refresh_from_db()
        assert problem.status == Status.OPEN
        assert "材料不全" in self.get(self.r.unit_admin, "rectification:detail", problem.pk).content.decode()

    # -- lists ---------------------------------------------------------------------------------

    def test_lists_filter_by_status_and_overdue(self):
        late = self.raise_(raised_on=TODAY - timedelta(days=90), deadline=TODAY - timedelta(days=10))
        on_time = self.raise_()
        done = self.raise_(description="审计发现：采购程序不规范")
        problem_report_done(user=self.r.unit_admin, problem=done, note="已整改")
        page = self.get(self.r.discipline_user, "rectification:raised", query="?overdue=on")
        assert list(page.context["page"]) == [late] and "逾期 10 天" in page.content.decode()
        page = self.get(self.r.discipline_user, "rectification:raised", query="?status=done")
        assert list(page.context["page"]) == [done]
        page = self.get(self.r.unit_admin, "rectification:unit", query="?status=open")
        assert set(page.context["page"]) == {late, on_time}
        assert self.get(self.r.unit_admin, "rectification:unit", query="?status=bogus").status_code == 200

    def test_the_committee_sees_counts_not_content(self):
        self.raise_(raised_on=TODAY - timedelta(days=90), deadline=TODAY - timedelta(days=10))
        self.raise_(unit=self.r.unit_b)
        page = self.get(self.r.committee, "rectification:overview")
        counts = page.context["counts"]
        assert [n for _v, _l, n in counts["by_status"]] == [2, 0, 0] and counts["overdue"] == 1
        assert dict((z.name, n) for z, n in counts["overdue_by_zone"]) == {"第一协作区": 1, "第二协作区": 0}
        assert "议事规则" not in page.content.decode()

    def test_lists_make_the_same_number_of_queries_at_two_sizes(self):
        def count(user, name):
            self.client.force_login(user)
            with CaptureQueriesContext(connection) as ctx:
                assert self.client.get(reverse(name)).status_code == 200
            return len(ctx.captured_queries)

        pages = ((self.r.discipline_user, "rectification:raised"), (self.r.unit_admin, "rectification:unit"),
                 (self.r.committee, "rectification:overview"))
        self.raise_(org=self.r.branch_a1)
        small = [count(u, n) for u, n in pages]
        for i in range(8):
            unit_a = bool(i % 3)
            self.raise_(org=self.r.branch_a2 if unit_a and i % 2 else None, unit=self.r.unit_a if unit_a else self.r.unit_b,
                        deadline=TODAY - timedelta(days=i + 1))
        self.raise_(source="assessment", entry=self.deduction(), raised_on=TODAY)
        assert [count(u, n) for u, n in pages] == small
