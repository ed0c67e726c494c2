"""The Celery path: with CELERY_BROKER_URL set, jobs go to Celery over Redis and a real Celery
worker (celery's own test worker, in a thread of this process) runs them.

CI runs Redis (127.0.0.1:6379): there, and whenever REQUIRE_POSTGRES=1 or REQUIRE_REDIS=1, an
unreachable Redis fails the test rather than skipping it.
"""
import io
import os
import runpy
import threading
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from dangjian.jobs.models import Job

from .test_imports_helpers import ORG_HEADERS

BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/6")
ROOT = Path(__file__).resolve().parent.parent
CELERY_TASKS = {"default": {"BACKEND": "dangjian.jobs.celery_backend.CeleryBackend"}}


def _redis_or_skip():
    import redis
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        required = os.environ.get("REQUIRE_POSTGRES") == "1" or os.environ.get("REQUIRE_REDIS") == "1"
        (pytest.fail if required else pytest.skip)(f"Redis at {BROKER_URL} unreachable: {exc}")


def test_the_settings_pick_celery_when_a_broker_is_set(monkeypatch):
    settings_file = str(ROOT / "dangjian" / "settings.py")
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER_URL)
    celery = runpy.run_path(settings_file)
    monkeypatch.delenv("CELERY_BROKER_URL")
    default = runpy.run_path(settings_file)
    assert celery["TASKS"]["default"]["BACKEND"] == CELERY_TASKS["default"]["BACKEND"]
    assert celery["CELERY_BROKER_URL"] == BROKER_URL
    assert default["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_through_a_real_celery_worker(reg, login, settings, tmp_path):
    _redis_or_skip()
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    from dangjian.jobs.celery_app import app

    queue = f"dangjian-test-{uuid.uuid4().hex}"      # this run's own queue on the shared Redis
    app.conf.update(broker_url=BROKER_URL, task_default_queue=queue, task_ignore_result=True,
                    broker_connection_retry_on_startup=False)
    settings.TASKS, settings.MEDIA_ROOT = CELERY_TASKS, str(tmp_path)
    ran = threading.Event()

    def finished(sender=None, **kwargs):
        if sender is not None and sender.name == "dangjian.jobs.run_task":
            ran.set()
    task_postrun.connect(finished, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING",
                          shutdown_timeout=30) as worker:
            # the worker's loop sleeps until its next timer (up to 10 s) before it sees the stop:
            # a short timer lets it stop as soon as the test is done
            worker.hub.call_repeatedly(0.2, lambda: None)
            client = login(reg.unit_admin)
            response = client.post(reverse("imports:export_job", args=["orgs"]))
            job = Job.objects.get(owner=reg.unit_admin)
            assert response.status_code == 302
            assert ran.wait(60), "the Celery worker did not run the job"
    finally:
        task_postrun.disconnect(finished)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (Job.Status.DONE, 100, "")
    assert not DBTaskResult.objects.exists()          # Celery carried it, not the database queue
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
                .iter_rows(values_only=True))
    assert list(rows[0]) == ORG_HEADERS
    assert {r[0] for r in rows[1:]} == {"市发改委机关党委", "发改委第一党支部", "发改委第二党支部"}
    assert login(reg.outsider).get(reverse("jobs:download", args=[job.pk])).status_code == 404
