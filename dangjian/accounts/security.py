"""Login security as pure rules plus the two writes that keep the counters."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def is_locked(user, now=None) -> bool:
    now = now or timezone.now()
    return bool(user.locked_until and user.locked_until > now)


def record_failure(user, now=None):
    """Count a failed sign-in; lock the account after LOGIN_MAX_FAILURES in a row."""
    now = now or timezone.now()
    user.failed_logins += 1
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        user.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        user.failed_logins = 0
    user.save(update_fields=["failed_logins", "locked_until"])


def record_success(user):
    if user.failed_logins or user.locked_until:
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["failed_logins", "locked_until"])


def password_expired(user, now=None) -> bool:
    now = now or timezone.now()
    if user.password_changed_at is None:
        return False  # set at creation by the services; legacy rows are not forced
    return now - user.password_changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
