"""A background job as its owner sees it: what was asked, how far it is, and its file.

The queue (django-tasks: the database backend, or Celery) only carries the job's id; this
row is the one record of status and progress, written by ``services.py``.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("发起人"))
    kind = models.CharField(_("类型"), max_length=40)
    scope = models.CharField(_("范围"), max_length=200, blank=True)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    message = models.CharField(_("说明"), max_length=200, blank=True)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    result = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("文件名"), max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_created")]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="jobs_progress_le_100")]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
