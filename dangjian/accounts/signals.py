"""Sign-in and sign-out go to the audit log (failures are logged by the backend)."""
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from dangjian.audit.services import audit_log

from .middleware import stamp_activity


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_log(user=user, action="login", request=request)
    stamp_activity(request.session)     # saved with the sign-in: the next request need not write


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_log(user=user, action="logout", request=request)
