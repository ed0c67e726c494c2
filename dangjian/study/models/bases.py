"""Education bases (党员干部教育基地), their capacity and the branches' bookings."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseLevel(models.TextChoices):
    CITY = "city", _("市直机关")
    PROVINCIAL = "provincial", _("省直机关")


class EducationBase(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    level = models.CharField(_("级别"), max_length=10, choices=BaseLevel.choices, default=BaseLevel.CITY)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    theme = models.CharField(_("教育主题"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("每场次可接待人数"))
    description = models.TextField(_("简介"), max_length=1000, blank=True)
    active = models.BooleanField(_("开放预约"), default=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("党员干部教育基地")
        verbose_name_plural = _("党员干部教育基地")

    def __str__(self):
        return self.name


class Slot(models.TextChoices):
    MORNING = "am", _("上午")
    AFTERNOON = "pm", _("下午")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已取消")


# Bookings in these states hold places at the base.
HOLDING = (BookingStatus.BOOKED, BookingStatus.COMPLETED)


class Booking(models.Model):
    base = models.ForeignKey(EducationBase, verbose_name=_("教育基地"), on_delete=models.PROTECT,
                             related_name="bookings")
    branch = models.ForeignKey("orgs.PartyOrg", verbose_name=_("党组织"), on_delete=models.PROTECT,
                               related_name="base_bookings")
    date = models.DateField(_("日期"))
    slot = models.CharField(_("场次"), max_length=2, choices=Slot.choices, default=Slot.MORNING)
    headcount = models.PositiveIntegerField(_("人数"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=BookingStatus.choices,
                              default=BookingStatus.BOOKED)
    activity = models.OneToOneField("records.Activity", verbose_name=_("学习记录"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="base_booking")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "slot", "-id"]
        verbose_name = _("教育基地预约")
        verbose_name_plural = _("教育基地预约")
        indexes = [models.Index(fields=["base", "date", "slot"]), models.Index(fields=["branch", "date"])]

    def __str__(self):
        return f"{self.base} {self.date} {self.get_slot_display()}"
