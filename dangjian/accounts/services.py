"""Account writes: creation with a role, grants, password change, unlock. All audited."""
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log

from .models import Membership, SEPARATED_ROLES, User
from .roles import in_precedence


def _check_separation(user, role):
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if not roles:
        return
    if role in SEPARATED_ROLES or roles & set(SEPARATED_ROLES):
        if roles != {role}:
            raise ValidationError(_("系统管理员、安全管理员、审计管理员三个角色互相分离，不能与其他角色兼任。"))


@transaction.atomic
def membership_grant(*, by, user, role, org=None, zone=None, department=None, can_unmask=False,
                     request=None):
    _check_separation(user, role)
    m, created = Membership.objects.get_or_create(
        user=user, role=role, org=org, zone=zone, department=department,
        defaults={"can_unmask": can_unmask},
    )
    if created:
        audit_log(user=by, action="membership.grant", obj=user, request=request,
                  changes={"role": [None, role], "scope": [None, str(org or zone or department or "")]})
    return m


@transaction.atomic
def user_create(*, by, username, password, display_name="", role=None, org=None, zone=None,
                department=None, can_unmask=False, check_password=True, request=None):
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("用户名已存在")})
    user = User(username=username, display_name=display_name)
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    audit_log(user=by, action="user.create", obj=user, request=request)
    if role:
        membership_grant(by=by, user=user, role=role, org=org, zone=zone, department=department,
                         can_unmask=can_unmask, request=request)
    return user


@transaction.atomic
def password_change(*, user, new_password, request=None):
    validate_password(new_password, user)
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    audit_log(user=user, action="password.change", obj=user, request=request)


@transaction.atomic
def user_unlock(*, by, user, request=None):
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["failed_logins", "locked_until"])
    audit_log(user=by, action="user.unlock", obj=user, request=request)


def role_home(user_roles) -> str:
    """The one role whose home page a user sees first, by precedence."""
    ordered = in_precedence(user_roles)
    return ordered[0] if ordered else ""
