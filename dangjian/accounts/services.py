"""Account writes: creation with a role, grants, password change, lifting a sign-in pause. All audited."""
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log

from .models import COMMITTEE_WIDE_ROLES, Membership, Role, SEPARATED_ROLES, User
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
                     request=None, confirmed_change=None):
    """Grant a role now. A committee-wide role granted by someone (not by the deployment's own
    set-up, ``by=None``) needs the security admin's confirmation: see changes.grant_request."""
    if by is not None and role in COMMITTEE_WIDE_ROLES and confirmed_change is None:
        raise ValidationError(_("工委范围的角色须经安全管理员确认后生效，请提交授权申请。"))
    _check_separation(user, role)
    m, created = Membership.objects.get_or_create(
        user=user, role=role, org=org, zone=zone, department=department,
        defaults={"can_unmask": can_unmask},
    )
    if created:
        changes = {"role": [None, role], "scope": [None, str(org or zone or department or "")]}
        if confirmed_change is not None:
            changes.update(requested_by=confirmed_change.requested_by.get_username(),
                           confirmed_by=by.get_username(), change=confirmed_change.pk)
        audit_log(user=by, action="membership.grant", obj=user, request=request, changes=changes)
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


def password_verify(*, user, password, request):
    """The signed-in user's current password, checked as a sign-in would be: a paused client is
    refused, and a failure counts toward the sign-in throttle and is audited."""
    credentials = get_credentials(user.get_username())
    if not AxesProxyHandler.is_allowed(request, credentials):
        User().set_password(password)  # the same work as a real check
        request.axes_locked_out = True
        reason = "paused"
    elif user.check_password(password):
        return True
    else:
        reason = "bad old password"
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    audit_log(user=user, action="password.change", obj=user, success=False, request=request,
              changes={"reason": reason})
    return False


@transaction.atomic
def throttle_reset(*, by, username="", ip_address=None, request=None):
    """Lift a sign-in pause: one username (from every address, or from one) or one address."""
    attempts = AccessAttempt.objects.all()
    if username:
        attempts = attempts.filter(username=username)
    if ip_address:
        attempts = attempts.filter(ip_address=ip_address)
    if not (username or ip_address):
        raise ValidationError(_("请指定用户名或地址"))
    count, _deleted = attempts.delete()
    if count:
        audit_log(user=by, action="signin.unlock", object_type="user", object_repr=username, request=request,
                  changes={"username": username, "ip": ip_address or ""})
    return count


def role_home(user_roles) -> str:
    """The one role whose home page a user sees first, by precedence."""
    ordered = in_precedence(user_roles)
    return ordered[0] if ordered else ""
