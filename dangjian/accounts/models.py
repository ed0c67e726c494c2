"""Accounts, roles and memberships. A membership gives a role over one scope and all below it."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .roles import COMMITTEE_WIDE_ROLES, SEPARATED_ROLES, Role, scope_condition  # noqa: F401  (re-exported)


class User(AbstractUser):
    password_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    display_name = models.CharField(_("显示名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username


class Department(models.Model):
    """考核部门: one of the assessing departments that score jointly (八部门联动)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("考核部门")
        verbose_name_plural = _("考核部门")

    def __str__(self):
        return self.name


# Role, SEPARATED_ROLES, COMMITTEE_WIDE_ROLES: declared once, in roles.py (the table of role → scope kind → permissions).


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    org = models.ForeignKey(
        "orgs.PartyOrg", verbose_name=_("党组织"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    zone = models.ForeignKey(
        "orgs.Zone", verbose_name=_("协作区"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("考核部门"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    can_unmask = models.BooleanField(
        _("可查看完整个人信息"), default=False,
        help_text=_("查看完整身份证号和电话；每次查看均记入审计日志"),
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=scope_condition(),
            ),
            # One grant of a role over a scope; an absent scope counts as one value (NULL would
            # not), so the constraint holds for committee-wide roles too, on SQLite and PostgreSQL.
            models.UniqueConstraint(
                "user", "role", Coalesce("org", Value(0)), Coalesce("zone", Value(0)),
                Coalesce("department", Value(0)),
                name="membership_unique_grant", violation_error_message=_("该授权已存在"),
            ),
        ]

    def __str__(self):
        scope = self.org or self.zone or self.department or ""
        return f"{self.user} · {self.get_role_display()} {scope}".strip()


class PendingChange(models.Model):
    """A grant of a committee-wide role, or a reset of an admin's password, asked for by the
    system admin; it takes effect only when a security admin confirms it (等保 separation of duties)."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("授予角色")
        PASSWORD_RESET = "password_reset", _("重置密码")

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已驳回")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    target = models.ForeignKey(User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("考核部门"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    can_unmask = models.BooleanField(_("可查看完整个人信息"), default=False)
    # The new password's hash (never the password); emptied once the request is decided.
    password_hash = models.CharField(max_length=128, blank=True, editable=False)
    requested_by = models.ForeignKey(User, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(User, verbose_name=_("确认人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("待确认的变更")
        verbose_name_plural = _("待确认的变更")
        constraints = [
            models.CheckConstraint(name="pending_change_not_self_decided",
                                   condition=~Q(decided_by=models.F("requested_by"))),
            models.CheckConstraint(name="pending_change_grant_has_role",
                                   condition=~Q(kind="grant") | ~Q(role="")),
            models.UniqueConstraint(
                "kind", "target", "role", Coalesce("department", Value(0)),
                condition=Q(status="pending"), name="pending_change_once",
                violation_error_message=_("同样的变更已在等待确认"),
            ),
        ]

    def __str__(self):
        what = self.get_role_display() if self.kind == self.Kind.GRANT else self.get_kind_display()
        return f"{self.target} · {what} · {self.get_status_display()}"
