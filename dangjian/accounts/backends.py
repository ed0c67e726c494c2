from django.contrib.auth.backends import ModelBackend
from django.contrib.auth import get_user_model

from dangjian.audit.services import audit_log

from . import security


class LockoutBackend(ModelBackend):
    """ModelBackend plus lockout after repeated failures; every attempt is audited."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check: no timing oracle
            audit_log(user=None, username=username[:150], action="login", success=False,
                      request=request, changes={"reason": "unknown user"})
            return None
        if security.is_locked(user):
            audit_log(user=user, action="login", success=False, request=request,
                      changes={"reason": "locked"})
            if request is not None:
                request.login_locked = True
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            security.record_success(user)
            return user
        security.record_failure(user)
        locked = security.is_locked(user)
        if locked and request is not None:
            request.login_locked = True
        audit_log(user=user, action="login", success=False, request=request,
                  changes={"reason": "bad password", "locked": locked})
        return None
