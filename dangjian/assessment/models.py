"""Schemes, their indicators and divisions, assessed bodies and the ledger of facts.

Scoring itself is pure (``rules.py``); writes go through ``services.py``. A published scheme
is frozen: a change is a new version that says what changed. The ledger is append-only, like
the audit log: corrections are reversing entries, never edits.
"""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.accounts.models import Department
from dangjian.audit.models import AppendOnlyError  # noqa: F401  (one error for every append-only table)
from dangjian.orgs.models import CountyCommittee, Unit, UnitCategory


class AssessedBody(models.Model):
    """What a scheme assesses: one of the municipal units or one of the county committees
    (the clean-organ evaluation covers both). Exactly one of the two is set."""
    unit = models.OneToOneField(Unit, verbose_name=_("单位"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="assessed_body")
    county_committee = models.OneToOneField(CountyCommittee, verbose_name=_("县(市、区)机关工委"), null=True,
                                            blank=True, on_delete=models.CASCADE, related_name="assessed_body")

    class Meta:
        verbose_name = _("考核对象")
        verbose_name_plural = _("考核对象")
        constraints = [models.CheckConstraint(
            condition=(Q(unit__isnull=False, county_committee__isnull=True)
                       | Q(unit__isnull=True, county_committee__isnull=False)),
            name="assessed_body_is_one_thing")]

    def __str__(self):
        return str(self.unit or self.county_committee)


class Scheme(models.Model):
    """考核方案: a year's scheme of one kind, in versions; a published version never changes."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("日常考核")
        CLEAN_ORGAN = "clean_organ", _("清廉机关专项考评")
        REVIEW = "review", _("书记抓基层党建述职评议")

    class Covers(models.TextChoices):
        UNITS = "units", _("市直单位")
        UNITS_AND_COUNTIES = "units_and_counties", _("市直单位和县(市、区)机关工委")

    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    title = models.CharField(_("名称"), max_length=150)
    covers = models.CharField(_("考核对象"), max_length=20, choices=Covers.choices, default=Covers.UNITS)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, default=100)
    basis = models.TextField(_("依据文件"))
    change_note = models.TextField(_("本版变更"), blank=True)
    previous = models.OneToOneField("self", verbose_name=_("上一版本"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="next_version")
    appeal_days = models.PositiveSmallIntegerField(_("申诉期限（天）"), default=10)
    # the year result: {part: weight}, "daily" this scheme, "review" the year's report-and-review
    year_weights = models.JSONField(_("年度综合权重"), default=dict, blank=True,
                                    help_text=_("如 {\"daily\": 60, \"review\": 40}"))
    bonus_cap = models.DecimalField(_("加分上限"), max_digits=5, decimal_places=2, default=5)
    # grades within a division (rules.GradeRules): data the committee sets
    good_share = models.DecimalField(_("“好”等次比例上限"), max_digits=3, decimal_places=2, default=Decimal("0.30"))
    good_min = models.DecimalField(_("“好”最低分"), max_digits=5, decimal_places=2, default=90)
    fairly_good_min = models.DecimalField(_("“较好”最低分"), max_digits=5, decimal_places=2, default=85)
    average_min = models.DecimalField(_("“一般”最低分（以下为“差”）"), max_digits=5, decimal_places=2, default=70)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "kind", "-version"]
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        constraints = [models.UniqueConstraint(fields=["year", "kind", "version"], name="scheme_version_unique")]

    def __str__(self):
        return f"{self.year} {self.title} v{self.version}"

    @property
    def published(self):
        return self.published_at is not None

    def grade_rules(self):
        from .rules import GradeRules
        return GradeRules(good_share=self.good_share, good_min=self.good_min,
                          fairly_good_min=self.fairly_good_min, average_min=self.average_min)


class Indicator(models.Model):
    """指标: a node of the scheme's tree. Groups hold leaves; each leaf has one owning
    department and a kind that says how it is scored."""

    class Kind(models.TextChoices):
        GROUP = "group", _("指标类别")
        METRIC = "metric", _("数据计算")
        DEDUCTION = "deduction", _("扣分")
        PANEL = "panel", _("评审打分")
        BONUS = "bonus", _("加分")
        VETO = "veto", _("一票否决")

    class Veto(models.TextChoices):
        NOT_GOOD = "not_good", _("不得评为好")
        POOR = "poor", _("直接评为差")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("编号"), max_length=10)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    max_points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, default=0)
    department = models.ForeignKey(Department, verbose_name=_("考核部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="indicators")
    metric = models.CharField(_("计算方法"), max_length=50, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    per_case = models.DecimalField(_("每起扣分"), max_digits=5, decimal_places=2, null=True, blank=True)
    ladder = models.JSONField(_("分档扣分"), default=dict, blank=True)     # severity -> points
    cap = models.DecimalField(_("加分上限"), max_digits=5, decimal_places=2, null=True, blank=True)
    veto = models.CharField(_("否决后果"), max_length=10, choices=Veto.choices, blank=True)
    basis = models.TextField(_("依据"), blank=True)
    categories = models.ManyToManyField(UnitCategory, verbose_name=_("适用单位类别"), blank=True,
                                        help_text=_("留空表示适用于全部单位"))
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["scheme", "sort", "code"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"


class Division(models.Model):
    """赛区: units ranked together, by category or by a list the committee keeps; it may
    reweight the indicator groups ({group code: points})."""
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="divisions")
    name = models.CharField(_("名称"), max_length=50)
    categories = models.ManyToManyField(UnitCategory, verbose_name=_("单位类别"), blank=True)
    bodies = models.ManyToManyField(AssessedBody, verbose_name=_("另列单位"), blank=True)
    weights = models.JSONField(_("各类权重"), default=dict, blank=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["scheme", "sort", "name"]
        verbose_name = _("赛区")
        verbose_name_plural = _("赛区")
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="division_name_unique")]

    def __str__(self):
        return self.name


class LedgerEntry(models.Model):
    """One fact a department scored: immutable. A correction is a reversing entry."""
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="ledger")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="ledger")
    body = models.ForeignKey(AssessedBody, verbose_name=_("考核对象"), on_delete=models.PROTECT,
                             related_name="ledger")
    department = models.ForeignKey(Department, verbose_name=_("考核部门"), on_delete=models.PROTECT,
                                   related_name="ledger")
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)
    severity = models.CharField(_("情形"), max_length=20, blank=True)
    fact = models.TextField(_("事实"))
    case_ref = models.CharField(_("案件/文号"), max_length=100, blank=True)
    evidence = models.CharField(_("佐证材料"), max_length=300, blank=True,
                                help_text=_("可选：文件名称、文号或存放位置，不需上传照片"))
    occurred_on = models.DateField(_("发生日期"))
    reverses = models.OneToOneField("self", verbose_name=_("冲销"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("考核台账")
        verbose_name_plural = _("考核台账")
        indexes = [models.Index(fields=["scheme", "body"]), models.Index(fields=["scheme", "department"]),
                   # the ledger's page, newest first, walks this instead of sorting a scheme's facts
                   models.Index(fields=["scheme", "-occurred_on", "-id"], name="ledger_newest_first")]
        # A case reference counts once per department in a scheme; a reversed entry frees it
        # for the corrected one, so the rule lives in the service (under a lock), not in a
        # unique constraint.
        constraints = [models.CheckConstraint(condition=Q(points__gte=0), name="ledger_points_not_negative")]

    def __str__(self):
        return f"{self.indicator.code} {self.body} {self.points}"

    # Append-only in the application; the PostgreSQL trigger (migration 0002) enforces it.
    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("ledger entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ledger entries cannot be deleted")


from .models_appeals import Appeal, AppealMessage  # noqa: E402,F401  (the app's other models)
from .models_results import Snapshot, SnapshotRow, TypicalExperience  # noqa: E402,F401
