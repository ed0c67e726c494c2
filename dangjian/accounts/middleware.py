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
