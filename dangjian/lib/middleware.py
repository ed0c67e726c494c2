"""Response safety that holds for every page: no caching of what a signed-in person sees,
and an audit entry for every refusal (403)."""
from django.core.exceptions import PermissionDenied
from django.utils.cache import add_never_cache_headers

from dangjian.audit.services import audit_log


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every answer to a signed-in person: their pages and
    exports may show personal data, and no browser, proxy or shared computer may keep them.
    Static files never get here (WhiteNoise answers them earlier in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
        return response


class AuditDeniedMiddleware:
    """Writes ``access.denied`` to the audit log when a view refuses (PermissionDenied → 403).

    Only the path is kept, never the query string: a search can hold a name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            user = getattr(request, "user", None)
            audit_log(user=user, action="access.denied", object_type="path",
                      object_repr=request.path[:200], success=False, request=request,
                      changes={"method": request.method})
        return None  # Django answers the 403 as before
