"""Selection rounds (评选): kinds, rounds, criteria, nominations, expert review, the public
notice (公示) with its objections, and the titles a red-flag round grants.

No online public voting (a national rule): winners come from expert scores, the quota and the
committee's decision after the notice. Rules that judge candidates are data on the round
(``Round.eligibility``), evaluated by the registry in ``checks.py``.
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.audit.models import AppendOnlyError


class SubjectKind(models.TextChoices):
    BRANCH = "branch", _("党支部")
    UNIT = "unit", _("单位")
    MEMBER = "member", _("个人")
    CASE = "case", _("案例")


class SelectionKind(models.Model):
    """A kind of selection (党建品牌案例, 红旗党支部, ...): the committee can add kinds."""
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    subject = models.CharField(_("评选对象"), max_length=10, choices=SubjectKind.choices)
    grants_title = models.BooleanField(_("授予称号（动态管理）"), default=False)
    default_eligibility = models.JSONField(_("默认资格条件"), default=list, blank=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("评选类别")
        verbose_name_plural = _("评选类别")

    def __str__(self):
        return self.name


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("筹备")
        NOMINATING = "nominating", _("推荐中")
        REVIEWING = "reviewing", _("评审中")
        NOTICE = "notice", _("公示中")
        CLOSED = "closed", _("已结束")

    kind = models.ForeignKey(SelectionKind, verbose_name=_("评选类别"), on_delete=models.PROTECT,
                             related_name="rounds")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=150)
    nomination_deadline = models.DateField(_("推荐截止日期"))
    quota = models.PositiveIntegerField(_("评选名额"), validators=[MinValueValidator(1)])
    quota_per_unit = models.PositiveIntegerField(_("每单位推荐名额"), null=True, blank=True)
    quota_per_zone = models.PositiveIntegerField(_("每协作区推荐名额"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    trim = models.PositiveSmallIntegerField(_("去掉最高分和最低分各（个）"), default=1)
    notice_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5,
                                                   validators=[MinValueValidator(1)])
    eligibility = models.JSONField(_("资格条件"), default=list, blank=True)
    title_years = models.PositiveSmallIntegerField(_("称号有效期（年）"), default=3)
    review_closed_at = models.DateTimeField(_("评审截止时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-year", "kind__sort", "id"]
        verbose_name = _("评选")
        verbose_name_plural = _("评选")

    def __str__(self):
        return self.title

    @property
    def scores_sealed(self):
        """Scores are sealed while review runs: aggregates show once review is closed."""
        return self.review_closed_at is None


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=100)
    max_points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2,
                                     validators=[MinValueValidator(Decimal("0.01"))])
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["round", "sort", "id"]
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")

    def __str__(self):
        return f"{self.name}（{self.max_points}分）"


class Nomination(models.Model):
    """A unit's nomination of a subject: a branch, a unit, a member or a case (text)."""
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey("orgs.PartyOrg", verbose_name=_("党支部"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("orgs.Member", verbose_name=_("党员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名称"), max_length=200)
    materials = models.TextField(_("事迹材料"))
    total = models.DecimalField(_("评审得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    shortlisted = models.BooleanField(_("入围"), default=False)
    winner = models.BooleanField(_("当选"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("推荐")
        verbose_name_plural = _("推荐")
        constraints = [
            models.UniqueConstraint(fields=["round", "branch"], condition=Q(branch__isnull=False),
                                    name="nomination_branch_once"),
            models.UniqueConstraint(fields=["round", "member"], condition=Q(member__isnull=False),
                                    name="nomination_member_once"),
        ]

    def __str__(self):
        return self.title


class NominationFile(models.Model):
    """Optional files: a nomination never waits for one. Nothing classified goes online."""
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="selections/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)


class ReviewerGrant(models.Model):
    """A reviewer (评审专家) granted one round; ``unit`` is their own unit (none: an outside expert)."""
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_grants")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("所在单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="reviewer_grant_once")]


class Assignment(models.Model):
    grant = models.ForeignKey(ReviewerGrant, on_delete=models.CASCADE, related_name="assignments")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        ordering = ["nomination", "id"]
        constraints = [models.UniqueConstraint(fields=["grant", "nomination"], name="assignment_once")]


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once")]


class Notice(models.Model):
    """The public notice (公示) of a round's shortlist: ``ends_on`` is the last working day."""
    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="notice")
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示截止"))
    text = models.TextField(_("公示说明"), blank=True)


class Objection(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    nomination = models.ForeignKey(Nomination, verbose_name=_("异议对象"), on_delete=models.CASCADE,
                                   related_name="objections")
    text = models.TextField(_("异议内容"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    upheld = models.BooleanField(_("异议成立（取消入围）"), default=False)

    class Meta:
        ordering = ["notice", "id"]


class _Kept(models.Model):
    """History of titles is never deleted."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("称号记录不能删除。"))


class Title(_Kept):
    """A title (e.g. 红旗党支部) held for a term under dynamic management."""
    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        REVOKED = "revoked", _("已撤销")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="titles")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="title_held")
    branch = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("称号"), max_length=100)
    granted_on = models.DateField(_("授予日期"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销原因"), blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-granted_on", "id"]


class TitleCheck(_Kept):
    """A yearly re-check of a title against the round's eligibility rules."""
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="checks")
    year = models.PositiveSmallIntegerField(_("年度"))
    passed = models.BooleanField(_("通过"))
    note = models.TextField(_("说明"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "year", "id"]
        constraints = [models.UniqueConstraint(fields=["title", "year"], name="title_check_once_a_year")]
