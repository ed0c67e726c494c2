"""Published period snapshots (quarter and year) and the committee's recommended typical
experience. A snapshot is written once, when the committee publishes it, and never changes:
the model refuses, and on PostgreSQL a trigger does too (migration 0004)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.audit.models import AppendOnlyError

FROZEN = _("已发布的考核结果快照不能修改或删除。")


class _Frozen(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(FROZEN)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(FROZEN)


class Snapshot(_Frozen):
    class Period(models.TextChoices):
        Q1 = "Q1", _("第一季度")
        Q2 = "Q2", _("第二季度")
        Q3 = "Q3", _("第三季度")
        Q4 = "Q4", _("第四季度")
        YEAR = "Y", _("全年")

    scheme = models.ForeignKey("assessment.Scheme", on_delete=models.PROTECT, related_name="snapshots")
    period = models.CharField(_("期间"), max_length=2, choices=Period.choices)
    ends_on = models.DateField(_("截止日期"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["scheme", "ends_on"]
        verbose_name = _("考核结果快照")
        verbose_name_plural = _("考核结果快照")
        constraints = [models.UniqueConstraint(fields=["scheme", "period"], name="snapshot_once_per_period")]

    def __str__(self):
        return f"{self.scheme} {self.get_period_display()}"


class SnapshotRow(_Frozen):
    """One body's result as published: score, rank and grade in its division, and every leaf
    ({code: {"points", "max", "missing"}})."""
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="rows")
    body = models.ForeignKey("assessment.AssessedBody", on_delete=models.PROTECT, related_name="+")
    division = models.CharField(_("赛区"), max_length=50, blank=True)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True)
    rank = models.PositiveIntegerField(_("赛区位次"), null=True)
    grade = models.CharField(_("等次"), max_length=12, blank=True)
    veto = models.CharField(_("否决"), max_length=10, blank=True)
    bonus = models.DecimalField(_("加分"), max_digits=5, decimal_places=2, default=0)
    leaves = models.JSONField(_("各项得分"), default=dict)

    class Meta:
        ordering = ["snapshot", "division", "rank", "id"]
        verbose_name = _("快照结果")
        verbose_name_plural = _("快照结果")
        constraints = [models.UniqueConstraint(fields=["snapshot", "body"], name="snapshot_row_once")]


class TypicalExperience(models.Model):
    """A body whose typical experience the committee recommends (推荐典型经验), in one scheme."""
    scheme = models.ForeignKey("assessment.Scheme", on_delete=models.CASCADE, related_name="typical_experiences")
    body = models.ForeignKey("assessment.AssessedBody", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("经验名称"), max_length=200)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField(_("推荐时间"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["scheme", "id"]
        verbose_name = _("推荐典型经验")
        verbose_name_plural = _("推荐典型经验")
        constraints = [models.UniqueConstraint(fields=["scheme", "body"], name="typical_experience_once")]

    def __str__(self):
        return self.title
