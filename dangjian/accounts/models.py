"""Accounts, roles and memberships. A membership gives a role over one scope and all below it."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import SEPARATED_ROLES, Role, scope_condition  # noqa: F401  (Role and SEPARATED_ROLES are re-exported)


class User(AbstractUser):
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
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


# Role, SEPARATED_ROLES: declared once, in roles.py (the table of role → scope kind → permissions).


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
        ]

    def __str__(self):
        scope = self.org or self.zone or self.department or ""
        return f"{self.user} · {self.get_role_display()} {scope}".strip()
