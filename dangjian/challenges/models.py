"""Open challenges (揭榜挂帅): key party-building projects the committee publishes, units apply
for, a lead unit carries out through milestones to an acceptance review."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.models import Unit

from . import rules


class ChallengeProject(models.Model):
    class Decided(models.TextChoices):
        PUBLISHED = rules.PUBLISHED, _("已发布")
        APPOINTED = rules.APPOINTED, _("已确定揭榜单位")
        ACCEPTED = rules.ACCEPTED, _("验收通过")
        FAILED = rules.FAILED, _("验收不通过")

    title = models.CharField(_("项目名称"), max_length=150)
    description = models.TextField(_("项目说明"), max_length=5000)
    requirements = models.TextField(_("揭榜条件与要求"), max_length=5000, blank=True)
    apply_by = models.DateField(_("申报截止日期"))
    starts_on = models.DateField(_("项目启动日期"))
    # what the committee decided; the status shown also reads the calendar (rules.current_status)
    decided = models.CharField(max_length=12, choices=Decided.choices, default=Decided.PUBLISHED, editable=False)
    lead_unit = models.ForeignKey(Unit, verbose_name=_("揭榜单位"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-apply_by", "-id"]
        verbose_name = _("揭榜挂帅项目")
        verbose_name_plural = _("揭榜挂帅项目")

    def __str__(self):
        return self.title

    def status(self, today):
        return rules.current_status(decided=self.decided, apply_by=self.apply_by, starts_on=self.starts_on,
                                    today=today)


class Application(models.Model):
    project = models.ForeignKey(ChallengeProject, on_delete=models.CASCADE, related_name="applications")
    unit = models.ForeignKey(Unit, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+")
    plan = models.TextField(_("揭榜方案"), max_length=5000)
    file = models.FileField(_("附件"), upload_to="challenges/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["applied_at", "id"]
        verbose_name = _("揭榜申报")
        verbose_name_plural = _("揭榜申报")
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="one_application_per_unit")]

    def __str__(self):
        return f"{self.unit} · {self.project}"


class Milestone(models.Model):
    project = models.ForeignKey(ChallengeProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点名称"), max_length=150)
    due_on = models.DateField(_("计划完成日期"))
    done_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    note = models.CharField(_("进展说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")

    def __str__(self):
        return self.title


class Review(models.Model):
    """验收: the committee's acceptance review; a postponement leaves the project running."""

    class Result(models.TextChoices):
        PASS = rules.PASS, _("通过")
        FAIL = rules.FAIL, _("不通过")
        POSTPONE = rules.POSTPONE, _("延期")

    project = models.ForeignKey(ChallengeProject, on_delete=models.CASCADE, related_name="reviews")
    result = models.CharField(_("验收结果"), max_length=10, choices=Result.choices)
    comment = models.TextField(_("验收意见"), max_length=2000)
    reviewed_on = models.DateField(_("验收日期"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["reviewed_on", "id"]
        verbose_name = _("验收")
        verbose_name_plural = _("验收")

    def __str__(self):
        return f"{self.project} · {self.get_result_display()}"
