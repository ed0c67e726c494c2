"""The secretaries' "three ones" lists (三个一清单): a public pledge, a led project and a
contact branch for each party org and year, with short progress notes."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_MAX = 300           # an item's text
NOTE_MAX = 200           # a progress note is short: a line, never a report


class Kind(models.TextChoices):
    PLEDGE = "pledge", _("公开承诺")
    PROJECT = "project", _("领办项目")
    CONTACT = "contact", _("支部联系点")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    SHELVED = "shelved", _("已搁置")


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


class CommitmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Commitment(models.Model):
    """One item of an org's list for a year. The owner is the org's secretary, as a party
    member of the org's subtree (the registry keeps secretaries as members, not accounts)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name=_("党组织"), on_delete=models.PROTECT,
                            related_name="commitments")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    owner = models.ForeignKey("orgs.Member", verbose_name=_("责任书记"), on_delete=models.PROTECT,
                              related_name="commitments")
    text = models.CharField(_("内容"), max_length=TEXT_MAX)
    contact_branch = models.ForeignKey("orgs.PartyOrg", verbose_name=_("联系支部"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    due_on = models.DateField(_("完成时限"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["org_id", "year", "kind"]
        verbose_name = _("三个一清单事项")
        verbose_name_plural = _("三个一清单事项")
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "kind"], name="commitment_one_per_kind",
                                    violation_error_message=_("本组织该年度的这一类事项已有一项")),
            models.CheckConstraint(name="commitment_contact_branch_iff_contact",
                                   condition=Q(kind="contact", contact_branch__isnull=False)
                                   | (~Q(kind="contact") & Q(contact_branch__isnull=True))),
            models.CheckConstraint(name="commitment_completed_iff_done",
                                   condition=Q(status="done", completed_on__isnull=False)
                                   | (~Q(status="done") & Q(completed_on__isnull=True))),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="commitment_status_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.text[:40]}"


class ProgressNote(models.Model):
    """A short note of progress, with an optional file (never required: no photo trails)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="notes")
    text = models.CharField(_("进展"), max_length=NOTE_MAX)
    status_after = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    file = models.FileField(upload_to="commitments/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)   # the demo seed dates its notes

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("进展")
        verbose_name_plural = _("进展")

    def __str__(self):
        return self.text[:40]
