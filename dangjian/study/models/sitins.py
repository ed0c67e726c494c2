"""Central group study sit-ins (理论学习中心组列席旁听) and the committee's checklist."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistItem(models.Model):
    """One step of the sit-in checklist (the "九个一" flow). Data the committee edits."""

    name = models.CharField(_("检查项"), max_length=60, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("列席旁听检查项")
        verbose_name_plural = _("列席旁听检查项")

    def __str__(self):
        return self.name


class SitInPlan(models.Model):
    """The committee's sit-in plan for one year."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("列席旁听年度计划")
        verbose_name_plural = _("列席旁听年度计划")

    def __str__(self):
        return f"{self.year}"


class SitInStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    DONE = "done", _("已列席")
    CANCELLED = "cancelled", _("已取消")


class SitIn(models.Model):
    """One planned sit-in at a unit's central group study."""

    plan = models.ForeignKey(SitInPlan, verbose_name=_("年度计划"), on_delete=models.CASCADE,
                             related_name="sit_ins")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT,
                             related_name="sit_ins")
    planned_on = models.DateField(_("计划日期"))
    held_on = models.DateField(_("列席日期"), null=True, blank=True)
    topic = models.CharField(_("学习专题"), max_length=200, blank=True)
    observers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("列席人员"), blank=True,
                                       related_name="sit_ins_observed")
    status = models.CharField(_("状态"), max_length=10, choices=SitInStatus.choices,
                              default=SitInStatus.PLANNED)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    activity = models.ForeignKey("records.Activity", verbose_name=_("中心组学习记录"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("列席旁听")
        verbose_name_plural = _("列席旁听")
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self):
        return f"{self.unit} {self.planned_on}"


class SitInResult(models.Model):
    """For a done sit-in: one checklist item met or not, with a note."""

    sit_in = models.ForeignKey(SitIn, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("检查项"), on_delete=models.PROTECT,
                             related_name="+")
    met = models.BooleanField(_("符合"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["item__sort", "item_id"]
        constraints = [models.UniqueConstraint(fields=["sit_in", "item"], name="sit_in_result_unique")]
