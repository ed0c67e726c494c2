"""Background jobs through the real database queue (django-tasks-db): a job is enqueued by the
page, run by the backend's own worker in this process, reports progress, and its workbook
downloads for its owner only. Failures give a Chinese reason and no traceback; the worker
re-checks the owner's access; others get 404."""
import io
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from dangjian.accounts.models import Membership
from dangjian.audit.models import AuditEntry
from dangjian.imports import export as registry_export_module
from dangjian.imports.models import ImportBatch
from dangjian.jobs import kinds, services
from dangjian.jobs.models import Job
from dangjian.jobs.services import job_start
from dangjian.orgs.models import Member

from .assessment_builder import add_discipline, body_of, build_scheme, enter
from .factories import make_registry
from .test_imports_helpers import MEMBER_HEADERS, id_number, member_row, members_xlsx, post_upload

TABLE_HEADERS = ["名次", "单位", "得分", "等次", "一票否决", "缺项"]


def _fail_unexpectedly(*, user, params, progress):
    progress(30, "进行中")
    raise RuntimeError("secret internals: /srv/dangjian/settings.py line 42")


def _refuse(*, user, params, progress):
    raise ValidationError("所选年度没有数据。")


kinds.register("test_broken", "测试任务", check=lambda user, params: None, run=_fail_unexpectedly)
kinds.register("test_refused", "测试任务", check=lambda user, params: None, run=_refuse)


def run_worker():
    """The backend's own worker (what `manage.py db_worker --batch` runs), in this process. Its
    close_old_connections() would close the test's connection, which is inside the test's
    transaction (on PostgreSQL for real): kept open here, as Django's test client does for a
    request."""
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
               max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()


def workbook(data):
    return load_workbook(io.BytesIO(data))


class Jobs(TestCase):
    @classmethod
    def setUpTestData(cls):
        r = cls.r = add_discipline(make_registry())
        cls.scheme, ind = build_scheme(r)
        enter(r.dept, ind["G1"], body_of(r.unit_b), points="5", fact="融合项目评审")

    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, True)
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)

    def start_tables_job(self, user):
        self.client.force_login(user)
        response = self.client.post(reverse("assessment:tables_export_job"), {"scheme": self.scheme.pk})
        assert response.status_code == 302
        return Job.objects.filter(owner=user, kind="assessment_tables").order_by("-pk").first()

    def test_the_tables_export_runs_through_the_queue_to_a_download(self):
        job = self.start_tables_job(self.r.committee)
        assert job.status == Job.Status.QUEUED and job.progress == 0
        queued = DBTaskResult.objects.get(id=job.task_id)
        assert queued.task_path == "dangjian.jobs.tasks.run_job" and queued.args_kwargs["args"] == [job.pk]
        page = self.client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert 'max="100" value="0"' in page and "0%" in page and "排队中" in page
        assert 'hx-trigger="every 2s"' in page and '<meta http-equiv="refresh"' in page   # htmx, or no JS
        run_worker()
        job.refresh_from_db()
        assert (job.status, job.progress, job.error) == (Job.Status.DONE, 100, "")
        assert job.finished_at and job.result_name == f"{self.scheme.year}日常考核赛区排名.xlsx"
        assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
        page = self.client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert 'value="100"' in page and "100%" in page and "hx-trigger" not in page and "refresh" not in page
        response = self.client.get(reverse("jobs:download", args=[job.pk]))
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        background = workbook(b"".join(response.streaming_content)).worksheets[0]
        rows = list(background.iter_rows(values_only=True))
        assert list(rows[1]) == TABLE_HEADERS
        direct = workbook(self.client.get(reverse("assessment:tables_export") + f"?scheme={self.scheme.pk}").content)
        assert rows == list(direct.worksheets[0].iter_rows(values_only=True))   # one source, one workbook
        assert {"job.start", "job.done", "job.download", "assessment.export"} <= set(
            AuditEntry.objects.filter(user=self.r.committee).values_list("action", flat=True))

    def test_the_job_runs_with_the_owners_scope(self):
        job = self.start_tables_job(self.r.zone_lead)
        run_worker()
        job.refresh_from_db()
        ws = workbook(job.result.read()).worksheets[0]
        assert [row[1] for row in ws.iter_rows(min_row=3, values_only=True)] == ["市发展和改革委员会"]

    def test_a_member_export_in_the_background_reports_progress_and_holds_the_visible_members(self):
        seen = []
        report = services.job_progress

        def spy(**kw):
            seen.append((kw["progress"], Job.objects.get(pk=kw["job_id"]).status))
            report(**kw)
        self.client.force_login(self.r.unit_admin)
        response = self.client.post(reverse("imports:export_job", args=["members"]), {"query": ""})
        job = Job.objects.get(owner=self.r.unit_admin)
        assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
        services.job_progress, registry_export_module.PROGRESS_EVERY = spy, 2
        try:
            run_worker()
        finally:
            services.job_progress, registry_export_module.PROGRESS_EVERY = report, 1000
        job.refresh_from_db()
        assert job.status == Job.Status.DONE and job.progress == 100
        assert [pct for pct, _status in seen] == [2, 40, 78] and {s for _p, s in seen} == {Job.Status.RUNNING}
        rows = [list(r) for r in workbook(job.result.read()).worksheets[0].iter_rows(values_only=True)]
        assert rows[0] == MEMBER_HEADERS
        assert {r[0] for r in rows[1:]} == {m.name for m in self.r.members_a1}
        assert AuditEntry.objects.filter(action="registry.export", user=self.r.unit_admin).count() == 1

    def test_a_filtered_member_export_keeps_the_lists_filter(self):
        self.client.force_login(self.r.committee)
        query = f"branch={self.r.branch_b1.pk}"
        self.client.post(reverse("imports:export_job", args=["members"]), {"query": query})
        run_worker()
        job = Job.objects.get(owner=self.r.committee)
        names = {r[0] for r in workbook(job.result.read()).worksheets[0].iter_rows(min_row=2, values_only=True)}
        assert names == {m.name for m in self.r.members_b1}
        assert job.scope == "党员（按筛选条件）"

    def test_the_member_list_offers_its_filter_to_the_background_export(self):
        self.client.force_login(self.r.committee)
        page = self.client.get(reverse("member_list") + f"?branch={self.r.branch_b1.pk}").content.decode()
        assert f'action="{reverse("imports:export_job", args=["members"])}"' in page
        assert f'name="query" value="branch={self.r.branch_b1.pk}"' in page

    def test_an_import_confirmed_in_the_background_is_written_and_linked(self):
        self.client.force_login(self.r.unit_admin)
        data = members_xlsx([member_row("后台导入甲", id_no=id_number(7)), member_row("后台导入乙", id_no=id_number(8))])
        response = post_upload(self.client, "members", data)
        batch = ImportBatch.objects.get(user=self.r.unit_admin)
        assert response.status_code == 302 and "后台确认导入" in self.client.get(
            reverse("imports:batch", args=[batch.pk])).content.decode()
        response = self.client.post(reverse("imports:confirm_job", args=[batch.pk]))
        job = Job.objects.get(owner=self.r.unit_admin, kind="import_apply")
        assert response["Location"] == reverse("jobs:detail", args=[job.pk])
        assert not Member.objects.filter(name="后台导入甲").exists()       # not before the worker
        run_worker()
        job.refresh_from_db()
        assert (job.status, job.progress, job.result.name) == (Job.Status.DONE, 100, "")
        assert Member.objects.filter(name__in=["后台导入甲", "后台导入乙"]).count() == 2
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.APPLIED and batch.created == 2
        page = self.client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert reverse("imports:batch", args=[batch.pk]) in page and "查看导入结果" in page
        assert self.client.get(reverse("jobs:download", args=[job.pk])).status_code == 404     # no file
        again = self.client.post(reverse("imports:confirm_job", args=[batch.pk]))
        assert again.status_code == 400 and "不能再次确认" in again.content.decode()
        self.client.force_login(self.r.outsider)
        assert self.client.post(reverse("imports:confirm_job", args=[batch.pk])).status_code == 404

    def test_a_failing_job_says_why_in_chinese_and_shows_no_traceback(self):
        job = job_start(user=self.r.committee, kind="test_broken", params={})
        run_worker()
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED and job.finished_at and not job.result
        assert job.error == "任务执行出错，请稍后重试；如仍失败，请联系系统管理员。"
        self.client.force_login(self.r.committee)
        page = self.client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert job.error in page and "失败" in page
        assert "secret internals" not in page and "Traceback" not in page and "RuntimeError" not in page
        assert self.client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert AuditEntry.objects.get(action="job.failed").success is False

    def test_a_refusal_inside_the_work_is_the_message_shown(self):
        job = job_start(user=self.r.committee, kind="test_refused", params={})
        run_worker()
        job.refresh_from_db()
        assert (job.status, job.error) == (Job.Status.FAILED, "所选年度没有数据。")

    def test_the_worker_rechecks_access_when_it_runs(self):
        job = self.start_tables_job(self.r.zone_lead)
        Membership.objects.filter(user=self.r.zone_lead).delete()       # the grant is withdrawn meanwhile
        run_worker()
        job.refresh_from_db()
        assert (job.status, job.error) == (Job.Status.FAILED, "你已没有完成此任务的权限，任务未执行。")
        assert not job.result

    def test_a_job_runs_once_even_if_delivered_twice(self):
        job = self.start_tables_job(self.r.committee)
        run_worker()
        done = Job.objects.get(pk=job.pk)
        services.job_run(job_id=job.pk)           # a redelivered message
        assert Job.objects.get(pk=job.pk).result.name == done.result.name
        assert AuditEntry.objects.filter(action="job.done").count() == 1

    def test_outsiders_get_404_on_anothers_job_and_its_file(self):
        job = self.start_tables_job(self.r.committee)
        run_worker()
        for other in (self.r.outsider, self.r.dept, self.r.auditor):
            self.client.force_login(other)
            assert self.client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
            assert self.client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
            assert "赛区排名" not in self.client.get(reverse("jobs:list")).content.decode()
        self.client.logout()
        assert self.client.get(reverse("jobs:detail", args=[job.pk]))["Location"].startswith("/login/")
        assert self.client.get(reverse("jobs:download", args=[job.pk]))["Location"].startswith("/login/")

    def test_starting_needs_the_right_of_the_work(self):
        self.client.force_login(self.r.auditor)
        assert self.client.post(reverse("assessment:tables_export_job"), {"scheme": self.scheme.pk}).status_code == 403
        assert self.client.post(reverse("imports:export_job", args=["members"])).status_code == 403
        self.client.force_login(self.r.committee)
        assert self.client.post(reverse("assessment:tables_export_job"), {"scheme": "999999"}).status_code == 404
        bad = self.client.post(reverse("imports:export_job", args=["members"]), {"query": "status=nonsense"})
        assert bad.status_code == 400 and "筛选条件无效" in bad.content.decode()
        assert self.client.get(reverse("imports:export_job", args=["members"])).status_code == 405
        assert not Job.objects.exists() and not DBTaskResult.objects.exists()

    def test_prune_deletes_old_jobs_and_their_files_only(self):
        old, new = self.start_tables_job(self.r.committee), self.start_tables_job(self.r.committee)
        run_worker()
        old.refresh_from_db()
        path = Path(old.result.path)
        assert path.exists()
        Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
        out = io.StringIO()
        call_command("prune_jobs", stdout=out)
        assert "deleted 1 jobs" in out.getvalue()
        assert not path.exists() and list(Job.objects.values_list("pk", flat=True)) == [new.pk]
        assert Path(Job.objects.get().result.path).exists()
        assert AuditEntry.objects.get(action="job.prune").changes["count"] == 1

    def test_a_download_before_the_end_is_404(self):
        job = self.start_tables_job(self.r.committee)
        assert self.client.get(reverse("jobs:download", args=[job.pk])).status_code == 404

    def test_my_jobs_lists_my_own_in_constant_queries(self):
        def list_queries():
            self.client.force_login(self.r.committee)
            with self.assertNumQueries(QUERIES):
                page = self.client.get(reverse("jobs:list")).content.decode()
            return page
        job_start(user=self.r.committee, kind="test_refused", params={}, scope="甲")
        QUERIES = _list_queries(self, self.r.committee)
        one = list_queries()
        for n in range(20):
            job_start(user=self.r.committee, kind="test_broken", params={}, scope=f"乙{n}")
        job_start(user=self.r.outsider, kind="test_broken", params={}, scope="外人的任务")
        run_worker()
        many = list_queries()
        assert "甲" in one and many.count("测试任务") == 21 and "外人的任务" not in many
        assert "任务执行出错" in many


def _list_queries(case, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    case.client.force_login(user)
    case.client.get(reverse("jobs:list"))      # warm the session and the nav
    with CaptureQueriesContext(connection) as ctx:
        assert case.client.get(reverse("jobs:list")).status_code == 200
    return len(ctx.captured_queries)
