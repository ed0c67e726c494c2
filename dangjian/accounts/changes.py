"""Separation of duties (等保 2.0): the system admin asks, the security admin confirms.

A grant of a committee-wide role (COMMITTEE_WIDE_ROLES) and a reset of the password of a user
who holds one are kept as a PendingChange and take effect only when a security admin other
than the requester (and other than the account concerned) confirms them. Granting narrower
roles and resetting other passwords stay immediate. Revoking a role is always immediate.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log

from .models import COMMITTEE_WIDE_ROLES, Membership, PendingChange, Role
from .services import _check_separation, membership_grant

Kind, Status = PendingChange.Kind, PendingChange.Status


def needs_confirmation(user) -> bool:
    """A password reset of this user waits for the security admin."""
    return Membership.objects.filter(user=user, role__in=COMMITTEE_WIDE_ROLES).exists()


def pending_changes():
    return (PendingChange.objects.filter(status=Status.PENDING)
            .select_related("target", "requested_by", "department"))


def _scope_text(role, department):
    return f"{Role(role).label} {department or ''}".strip()


@transaction.atomic
def grant_request(*, by, user, role, department=None, can_unmask=False, request=None):
    """Ask for a committee-wide role for ``user``; it takes effect on confirmation."""
    if role not in COMMITTEE_WIDE_ROLES:
        raise ValidationError(_("只有工委范围的角色需要确认，其他角色直接授权。"))
    if (role == Role.DEPARTMENT) != (department is not None):
        raise ValidationError({"department": _("考核部门角色须指定部门，其他角色不指定部门")})
    if Membership.objects.filter(user=user, role=role, department=department, org=None, zone=None).exists():
        raise ValidationError(_("该授权已存在"))
    if pending_changes().filter(kind=Kind.GRANT, target=user, role=role, department=department).exists():
        raise ValidationError(_("同样的变更已在等待确认"))
    _check_separation(user, role)
    change = PendingChange.objects.create(kind=Kind.GRANT, target=user, role=role, department=department,
                                          can_unmask=can_unmask, requested_by=by)
    audit_log(user=by, action="membership.grant_request", obj=user, request=request,
              changes={"role": [None, role], "scope": [None, _scope_text(role, department)],
                       "can_unmask": can_unmask, "change": change.pk})
    return change


@transaction.atomic
def password_reset_request(*, by, user, password_hash, request=None):
    """Ask to set another admin's password (given as a hash); it takes effect on confirmation."""
    if by is not None and by.pk == user.pk:
        raise ValidationError(_("修改自己的密码请使用“修改密码”页面。"))
    if pending_changes().filter(kind=Kind.PASSWORD_RESET, target=user).exists():
        raise ValidationError(_("同样的变更已在等待确认"))
    change = PendingChange.objects.create(kind=Kind.PASSWORD_RESET, target=user, password_hash=password_hash,
                                          requested_by=by)
    audit_log(user=by, action="user.password_reset_request", obj=user, request=request,
              changes={"change": change.pk})
    return change


def _lock_for_decision(*, by, change):
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if change.status != Status.PENDING:
        raise ValidationError(_("该变更已处理。"))
    if not Membership.objects.filter(user=by, role=Role.SECURITY_ADMIN).exists():
        raise ValidationError(_("只有安全管理员可以确认或驳回。"))
    if change.requested_by_id == by.pk:
        raise ValidationError(_("不能确认或驳回自己提出的变更。"))
    if change.target_id == by.pk:
        raise ValidationError(_("不能确认或驳回针对自己账号的变更，请由另一位安全管理员处理。"))
    return change


def _close(change, *, by, status):
    change.status = status
    change.decided_by = by
    change.decided_at = timezone.now()
    change.password_hash = ""
    change.save(update_fields=["status", "decided_by", "decided_at", "password_hash"])


@transaction.atomic
def pending_change_confirm(*, by, change, request=None):
    """The security admin confirms: the grant or the new password takes effect now."""
    change = _lock_for_decision(by=by, change=change)
    target = change.target
    if change.kind == Kind.GRANT:
        membership_grant(by=by, user=target, role=change.role, department=change.department,
                         can_unmask=change.can_unmask, request=request, confirmed_change=change)
    else:
        who = {"requested_by": change.requested_by.get_username(), "confirmed_by": by.get_username()}
        target.password = change.password_hash
        target.password_changed_at = timezone.now()
        target.save(update_fields=["password", "password_changed_at"])
        audit_log(user=by, action="user.password_reset_confirm", obj=target, request=request, changes=who)
    _close(change, by=by, status=Status.CONFIRMED)
    return change


@transaction.atomic
def pending_change_reject(*, by, change, request=None):
    """The security admin refuses: nothing changes, and a proposed password hash is dropped."""
    change = _lock_for_decision(by=by, change=change)
    _close(change, by=by, status=Status.REJECTED)
    action = "membership.grant_reject" if change.kind == Kind.GRANT else "user.password_reset_reject"
    audit_log(user=by, action=action, obj=change.target, request=request,
              changes={"requested_by": change.requested_by.get_username(), "role": change.role})
    return change
