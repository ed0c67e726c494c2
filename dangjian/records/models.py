"""Records of organizational life and study, kept once, and the frequency rules they meet."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KindCategory(models.TextChoices):
    MEETING = "meeting", _("三会一课与组织生活")
    STUDY = "study", _("学习教育")
    OTHER = "other", _("其他")


class ActivityKind(models.Model):
    """A kind of record (支部党员大会, 第一议题, …): data the committee can extend."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    category = models.CharField(_("类别"), max_length=10, choices=KindCategory.choices,
                                default=KindCategory.MEETING)
    takes_vote = models.BooleanField(_("可记录表决"), default=False)
    asks_form = models.BooleanField(_("须填写学习形式"), default=False,
                                    help_text=_("第一议题等须记录形式"))
    active = models.BooleanField(_("启用"), default=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("记录类型")
        verbose_name_plural = _("记录类型")

    def __str__(self):
        return self.name


class StudyWay(models.TextChoices):
    """五学联动."""

    CENTRAL_GROUP = "central_group", _("中心组引领学")
    TRAINING = "training", _("培训深学")
    BRANCH = "branch", _("支部研学")
    BASE = "base", _("基地践学")
    PLATFORM = "platform", _("平台自学")


class Source(models.TextChoices):
    FORM = "form", _("在线登记")
    IMPORT = "import", _("Excel 导入")
    BASE_VISIT = "base_visit", _("教育基地参观")
    TRAINING = "training", _("培训班")
    SIT_IN = "sit_in", _("列席旁听")


class Activity(models.Model):
    org = models.ForeignKey("orgs.PartyOrg", verbose_name=_("党组织"), on_delete=models.PROTECT,
                            related_name="activities")
    kind = models.ForeignKey(ActivityKind, verbose_name=_("类型"), on_delete=models.PROTECT,
                             related_name="activities")
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    form = models.CharField(_("形式"), max_length=50, blank=True)
    attendee_count = models.PositiveIntegerField(_("实到人数"), default=0)
    expected_count = models.PositiveIntegerField(_("应到人数"), default=0)
    summary = models.TextField(_("简要内容"), max_length=2000, blank=True)
    study_ways = models.JSONField(_("五学联动"), default=list, blank=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.FORM)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped by every edit; an edit made on an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("组织生活记录")
        verbose_name_plural = _("组织生活记录")
        indexes = [
            models.Index(fields=["org", "held_on"]),
            models.Index(fields=["held_on", "kind"]),
            # the list's order: at province scale one day holds 27,000 records to sort by id
            models.Index(fields=["held_on", "id"], name="records_act_held_on_id_idx"),
            models.Index(fields=["kind", "held_on", "id"], name="records_act_kind_held_idx"),
        ]

    def __str__(self):
        return f"{self.held_on} {self.topic}"


class Attendance(models.Model):
    """One roster line of a record: present, or absent with a reason."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("出席"), default=True)
    absence_reason = models.CharField(_("缺席原因"), max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="attendance_unique")]


class Vote(models.Model):
    """A vote taken at a branch members' meeting; outcome by art. 11 of the branch regulations."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="votes")
    motion = models.CharField(_("表决事项"), max_length=200)
    entitled = models.PositiveIntegerField(_("有表决权党员数"))
    present = models.PositiveIntegerField(_("到会有表决权党员数"))
    yes = models.PositiveIntegerField(_("赞成"))
    no = models.PositiveIntegerField(_("反对"), default=0)
    abstain = models.PositiveIntegerField(_("弃权"), default=0)
    quorum = models.BooleanField(_("达到法定人数"), default=False)
    passed = models.BooleanField(_("通过"), default=False)


class Attachment(models.Model):
    """Optional files: no record ever waits for one. Nothing classified goes online."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="activities/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class Period(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


class Applies(models.TextChoices):
    BRANCHES = "branches", _("所有党支部")
    BRANCHES_WITH_COMMITTEE = "committee", _("设支委会的党支部")
    BRANCHES_WITH_GROUPS = "groups", _("设党小组的党支部")
    COMMITTEES = "committees", _("机关党委、党总支")


class FrequencyRule(models.Model):
    """How often a kind of record is expected, with its basis. Data, not code."""

    kind = models.ForeignKey(ActivityKind, verbose_name=_("记录类型"), on_delete=models.CASCADE,
                             related_name="rules")
    applies_to = models.CharField(_("适用范围"), max_length=12, choices=Applies.choices,
                                  default=Applies.BRANCHES)
    period = models.CharField(_("周期"), max_length=8, choices=Period.choices)
    min_count = models.PositiveSmallIntegerField(_("每周期至少次数"), default=1)
    basis = models.CharField(_("依据"), max_length=200)
    is_local = models.BooleanField(_("本地规定"), default=False)
    lead_days = models.PositiveSmallIntegerField(_("提前提醒天数"), default=10)
    active = models.BooleanField(_("启用"), default=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("频次规则")
        verbose_name_plural = _("频次规则")

    def __str__(self):
        return f"{self.kind} {self.get_period_display()}"
