"""Writes of a job's life: start (enqueue), progress, done or failed. Audited at start and end.

Access: a job is its owner's alone (``visible_jobs``); the work itself runs with the owner's
scope as it is when the worker picks the job up, through the kind's ``check`` again.
"""
import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log

from . import kinds
from .models import Job

logger = logging.getLogger(__name__)


def visible_jobs(user):
    """The jobs a user may see: only their own."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(owner=user)


@transaction.atomic
def job_start(*, user, kind, params, scope="", request=None) -> Job:
    """Check the user may start this work now, record the job and put it on the queue. With the
    database backend the queue row is written in this transaction; Celery publishes on commit."""
    from .tasks import run_job

    spec = kinds.get(kind)
    spec.check(user, params)
    job = Job.objects.create(owner=user, kind=kind, params=params, scope=scope[:200],
                             message=_("排队等候处理"))
    audit_log(user=user, action="job.start", obj=job, request=request,
              object_repr=f"{spec.label} {scope}"[:200], changes={"kind": kind, "params": params})
    result = run_job.enqueue(job.pk)
    job.task_id = str(result.id)[:64]
    job.save(update_fields=["task_id"])
    return job


def job_progress(*, job_id, progress, message=""):
    """How far a running job is (0-100). A plain UPDATE outside any transaction of the work, so
    the job page sees it at once."""
    progress = max(0, min(99, int(progress)))     # 100 only when the file is there
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(progress=progress, message=message[:200])


def _claim(job_id):
    """QUEUED → RUNNING once: a job delivered twice (a broker redelivery) runs once."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), progress=0, message=_("开始处理"))
    return Job.objects.select_related("owner").get(pk=job_id) if claimed else None


@transaction.atomic
def job_finish(*, job, filename, data):
    """Done: the file (when the work leaves one) stored under MEDIA_ROOT with a random name."""
    if data is not None:
        job.result.save(f"{uuid.uuid4().hex}{_suffix(filename)}", ContentFile(data), save=False)
        job.result_name = filename[:200]
    job.status, job.progress = Job.Status.DONE, 100
    job.message = _("已完成，可以下载") if data is not None else _("已完成")
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "result_name", "status", "progress", "message", "finished_at"])
    audit_log(user=job.owner, action="job.done", obj=job, object_repr=f"{kinds.label(job.kind)} {job.scope}"[:200],
              changes={"bytes": len(data) if data is not None else 0})


@transaction.atomic
def job_fail(*, job, error):
    job.status, job.error, job.message = Job.Status.FAILED, error[:500], _("未完成")
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "message", "finished_at"])
    audit_log(user=job.owner, action="job.failed", obj=job, success=False,
              object_repr=f"{kinds.label(job.kind)} {job.scope}"[:200], changes={"error": job.error})


def job_run(*, job_id):
    """The worker's side: claim the job, re-check access with the owner's scope, run it, store
    the file. A failure leaves a Chinese reason for the owner; the traceback goes to the log only."""
    job = _claim(job_id)
    if job is None:
        return
    user = job.owner
    try:
        if not user.is_active:
            raise PermissionDenied
        spec = kinds.get(job.kind)
        spec.check(user, job.params)
        result = spec.run(user=user, params=job.params,
                          progress=lambda pct, message="": job_progress(job_id=job.pk, progress=pct, message=message))
    except PermissionDenied:
        job_fail(job=job, error=_("你已没有完成此任务的权限，任务未执行。"))
    except ValidationError as err:
        job_fail(job=job, error=" ".join(err.messages))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job_fail(job=job, error=_("任务执行出错，请稍后重试；如仍失败，请联系系统管理员。"))
    else:
        filename, data = result if result is not None else ("", None)
        job_finish(job=job, filename=filename, data=data)


def _suffix(filename):
    dot = filename.rfind(".")
    suffix = filename[dot:] if dot > 0 else ""
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""


def jobs_prune(*, before) -> int:
    """Delete the jobs finished before ``before`` and their files (exports hold personal data:
    they are not kept longer than they are needed). Audited as one entry."""
    old = list(Job.objects.filter(finished_at__lt=before).only("pk", "result"))
    for job in old:
        if job.result:
            job.result.delete(save=False)
    with transaction.atomic():
        Job.objects.filter(pk__in=[job.pk for job in old]).delete()
        if old:
            audit_log(user=None, username="system", action="job.prune", object_type="job",
                      object_repr=_("删除 %(n)d 个已结束的后台任务及其文件") % {"n": len(old)},
                      changes={"count": len(old), "before": before.isoformat()})
    return len(old)
