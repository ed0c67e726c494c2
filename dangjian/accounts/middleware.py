import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse

from .security import password_expired

ALLOWED_PREFIXES = ("/password/", "/logout/", "/static/", "/healthz")


class PasswordRotationMiddleware:
    """A signed-in user whose password is older than the rotation period must change it first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and password_expired(user)
                and not request.path.startswith(ALLOWED_PREFIXES)):
            return redirect(reverse("password_change"))
        return self.get_response(request)


LAST_SEEN = "_last_seen"     # epoch seconds of the last request that refreshed the session


def stamp_activity(session):
    session[LAST_SEEN] = int(time.time())


class IdleTimeoutMiddleware:
    """Ends a signed-in session idle for SESSION_COOKIE_AGE seconds without rewriting it on
    every request (SESSION_SAVE_EVERY_REQUEST is off).

    The session, and with it the row's expiry, is saved only when its last-activity stamp is
    SESSION_ACTIVITY_SECONDS old or more (or when something else changes it anyway): a burst of
    requests writes once a minute, not once a request. An idle session so ends between AGE minus
    that granularity and AGE after its last request, never later; the stamp is checked here too,
    so this holds whatever the session backend."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now, seen = int(time.time()), session.get(LAST_SEEN)
            if isinstance(seen, int) and now - seen >= settings.SESSION_COOKIE_AGE:
                session.flush()
            elif not isinstance(seen, int) or now - seen >= settings.SESSION_ACTIVITY_SECONDS:
                stamp_activity(session)
        response = self.get_response(request)
        if session.modified and SESSION_KEY in session:     # saved anyway (e.g. a sign-in): stamp it
            stamp_activity(session)
        return response
