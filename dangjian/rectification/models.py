"""A problem to rectify and the append-only history of what happened to it.

The status on the problem is the latest transition's; the history is what the metric and the
eligibility selector read to know the status on a past day.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.accounts.models import Department
from dangjian.assessment.models import LedgerEntry
from dangjian.audit.models import AppendOnlyError
from dangjian.orgs.models import PartyOrg, Unit

from . import rules


class Status(models.TextChoices):
    OPEN = rules.OPEN, _("整改中")
    DONE = rules.DONE, _("已报整改完成")
    VERIFIED = rules.VERIFIED, _("已验收销号")


class Source(models.TextChoices):
    ASSESSMENT = "assessment", _("考核扣分")
    INSPECTION = "inspection", _("巡察")
    AUDIT = "audit", _("审计")
    SELF_CHECK = "self_check", _("自查")


# the findings a red-flag branch's eligibility asks about
FINDING_SOURCES = (Source.INSPECTION, Source.AUDIT)


class ProblemQuerySet(models.QuerySet):
    def overdue(self, on):
        """The SQL of rules.is_overdue."""
        return self.filter(status=Status.OPEN, deadline__lt=on)


class Problem(models.Model):
    # PROTECT: a unit or org with problems on record is not deleted (the history is append-only)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="rectifications")
    org = models.ForeignKey(PartyOrg, verbose_name=_("党组织"), null=True, blank=True, on_delete=models.PROTECT,
                            related_name="rectifications")
    department = models.ForeignKey(Department, verbose_name=_("提出部门"), on_delete=models.PROTECT,
                                   related_name="rectifications")
    source = models.CharField(_("问题来源"), max_length=20, choices=Source.choices)
    entry = models.ForeignKey(LedgerEntry, verbose_name=_("考核扣分记录"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="rectifications")
    raised_on = models.DateField(_("提出日期"))
    description = models.TextField(_("问题描述"))
    measures = models.TextField(_("整改措施"))
    owner = models.CharField(_("整改责任人"), max_length=100, help_text=_("姓名及职务"))
    deadline = models.DateField(_("整改期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_note = models.TextField(_("整改情况"), blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to="rectifications/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("整改问题")
        verbose_name_plural = _("整改问题")
        indexes = [models.Index(fields=["department", "status", "deadline"]),
                   models.Index(fields=["unit", "status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=models.F("raised_on")),
                                   name="rectification_deadline_after_raised"),
            models.CheckConstraint(condition=Q(entry__isnull=True) | Q(source="assessment"),
                                   name="rectification_entry_is_assessment"),
        ]

    def __str__(self):
        return f"{self.unit} {self.description[:30]}"

    def overdue_on(self, on):
        return rules.is_overdue(self.status, self.deadline, on)


class Transition(models.Model):
    """One step of a problem's history: append-only (creation, report, verification, send-back),
    in the model and, on PostgreSQL, by a trigger (migration 0002)."""

    class Action(models.TextChoices):
        CREATE = rules.CREATE, _("提出问题")
        REPORT = rules.REPORT, _("报告整改完成")
        VERIFY = rules.VERIFY, _("验收销号")
        SEND_BACK = rules.SEND_BACK, _("退回重新整改")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    status = models.CharField(_("操作后状态"), max_length=10, choices=Status.choices)
    note = models.TextField(_("说明"), blank=True)
    # who took the step; empty only for steps loaded without an account (the demo's units
    # other than the demo unit admin's have no account to report with)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("rectification history cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("rectification history cannot be deleted")
