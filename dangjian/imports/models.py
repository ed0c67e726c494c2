"""An uploaded registry workbook kept between validation and confirmation."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    UNITS = "units", _("市直单位")
    ORGS = "orgs", _("党组织")
    MEMBERS = "members", _("党员")
    ACTIVITIES = "activities", _("组织生活记录")
    LEDGER = "ledger", _("考核台账")


class ImportBatch(models.Model):
    """One upload. The file holds personal data, so it is kept encrypted and only until applied."""

    class Status(models.TextChoices):
        VALIDATED = "validated", _("待确认")
        APPLIED = "applied", _("已导入")
        DISCARDED = "discarded", _("已作废")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=ImportKind.choices)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    file_enc = models.TextField(blank=True, default="", editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.VALIDATED)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("数据行"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}"
