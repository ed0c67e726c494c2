"""An audit entry for every refusal (403)."""
from django.core.exceptions import PermissionDenied

from .services import audit_log


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
