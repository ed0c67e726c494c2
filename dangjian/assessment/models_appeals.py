"""Appeals (申诉): a unit disputes a ledger entry within the scheme's window; the owning
department upholds it or reverses the entry, with a reason. Both sides see one thread of
messages, which is append-only like the ledger. A reversal is a ledger entry."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.audit.models import AppendOnlyError


class Appeal(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("维持原记录")
        REVERSED = "reversed", _("已冲销")

    entry = models.ForeignKey("assessment.LedgerEntry", verbose_name=_("考核记录"), on_delete=models.PROTECT,
                              related_name="appeals")
    body = models.ForeignKey("assessment.AssessedBody", verbose_name=_("考核对象"), on_delete=models.PROTECT,
                             related_name="appeals")
    department = models.ForeignKey("accounts.Department", verbose_name=_("考核部门"), on_delete=models.PROTECT,
                                   related_name="appeals")
    reason = models.TextField(_("申诉理由"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("申诉时间"), default=timezone.now, editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision = models.TextField(_("处理理由"), blank=True)
    reversal = models.OneToOneField("assessment.LedgerEntry", verbose_name=_("冲销记录"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversal_appeal")

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        indexes = [models.Index(fields=["department", "state"]), models.Index(fields=["body", "state"])]
        constraints = [models.UniqueConstraint(fields=["entry"], condition=Q(state="open"),
                                               name="appeal_one_open_per_entry")]

    def __str__(self):
        return f"{self.body} · {self.entry.indicator.code}"


class AppealMessage(models.Model):
    """One message of an appeal's thread: never edited, never deleted."""

    class Side(models.TextChoices):
        UNIT = "unit", _("被考核单位")
        DEPARTMENT = "department", _("考核部门")
        COMMITTEE = "committee", _("市直机关工委")

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("身份"), max_length=12, choices=Side.choices)
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("申诉沟通记录")
        verbose_name_plural = _("申诉沟通记录")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(_("申诉沟通记录不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("申诉沟通记录不能删除。"))
