"""Sign-in: every failure looks and takes the same, and every attempt is audited.

Unknown user, wrong password, inactive account or a paused client (throttle.py): one answer,
and the password hasher runs exactly once in each case, so neither the message nor the time
tells a real username from an unknown one.
"""
from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied, AxesBackendRequestParameterRequired
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from dangjian.audit.services import audit_log


def _hash_once(password):
    """The hasher's work for an attempt that is refused without a real check."""
    get_user_model()().set_password(password)


class ThrottledBackend(AxesStandaloneBackend, ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        if request is None:
            raise AxesBackendRequestParameterRequired("sign-in needs the request (client address)")
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if not AxesProxyHandler.is_allowed(request, get_credentials(username)):
            _hash_once(password)
            request.axes_locked_out = True  # axes: refused while paused, so not counted
            _audit_failure(request, user, username, "paused")
            # PermissionDenied stops authenticate(), which then sends user_login_failed.
            raise AxesBackendPermissionDenied("paused by the sign-in throttle")
        if user is None:
            _hash_once(password)
            _audit_failure(request, None, username, "unknown user")
            return None
        if user.check_password(password):
            if self.user_can_authenticate(user):
                return user
            _audit_failure(request, user, username, "inactive")
            return None
        _audit_failure(request, user, username, "bad password")
        return None


def _audit_failure(request, user, username, reason):
    audit_log(user=user, username=username[:150], action="login", success=False, request=request,
              changes={"reason": reason})
