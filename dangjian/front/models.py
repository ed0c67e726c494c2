from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """意见建议与投诉: the built-in complaint and suggestion entry (国办函〔2026〕12号)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("内容"), max_length=2000)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    handled = models.BooleanField(_("已处理"), default=False)
    reply = models.TextField(_("答复"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
