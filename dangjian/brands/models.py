"""Party-building brands (党建品牌): one unit one feature, one branch one brand.

A brand belongs to a unit or to a branch, never both, and each has at most one. Honours it
was awarded (首届全国机关党建优秀品牌 …) are recorded with the awarding body; its cases
(品牌案例) are the texts a selection round may later nominate (``BrandCase`` is that target).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.models import PartyOrg, Unit


class Brand(models.Model):
    unit = models.OneToOneField(Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="brand")
    org = models.OneToOneField(PartyOrg, verbose_name=_("党支部"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="brand")
    name = models.CharField(_("品牌名称"), max_length=100)
    meaning = models.TextField(_("品牌内涵"), max_length=2000)
    elements = models.TextField(_("品牌元素与标识说明"), max_length=2000, blank=True)
    history = models.TextField(_("品牌沿革"), max_length=2000, blank=True)
    logo = models.FileField(_("品牌标识"), upload_to="brands/logos/%Y/", blank=True)
    logo_kind = models.CharField(max_length=10, blank=True, editable=False)     # "jpeg" or "png", sniffed
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("党建品牌")
        verbose_name_plural = _("党建品牌")
        constraints = [
            models.CheckConstraint(condition=Q(unit__isnull=False, org__isnull=True) | Q(unit__isnull=True,
                                                                                        org__isnull=False),
                                   name="brand_of_a_unit_or_a_branch"),
        ]

    def __str__(self):
        return self.name

    @property
    def owner(self):
        return self.unit if self.unit_id else self.org

    @property
    def owner_unit(self):
        return self.unit if self.unit_id else self.org.unit


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")


class Honour(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="honours")
    title = models.CharField(_("荣誉名称"), max_length=100)
    awarded_by = models.CharField(_("授予单位"), max_length=100)
    level = models.CharField(_("级别"), max_length=12, choices=HonourLevel.choices)
    awarded_on = models.DateField(_("授予日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-awarded_on", "id"]
        verbose_name = _("品牌荣誉")
        verbose_name_plural = _("品牌荣誉")

    def __str__(self):
        return self.title


class BrandCase(models.Model):
    """品牌案例: what a selection round nominates (its FK target)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField(_("案例标题"), max_length=150)
    year = models.PositiveSmallIntegerField(_("年度"))
    text = models.TextField(_("案例内容"), max_length=10000)
    file = models.FileField(_("附件"), upload_to="brands/cases/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("品牌案例")
        verbose_name_plural = _("品牌案例")

    def __str__(self):
        return self.title
