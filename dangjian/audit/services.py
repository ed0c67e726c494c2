"""Writing to the audit log. Callers pass values already masked where they are personal."""
from django.db.models import Model

from dangjian.lib.client_ip import request_client_ip

from .models import AuditEntry


def _client_ip(request):
    # The address our trusted proxies saw, never a header the client could have forged.
    return None if request is None else request_client_ip(request)


def audit_log(*, user, action, obj=None, object_type="", object_id="", object_repr="",
              success=True, changes=None, request=None, username=""):
    if isinstance(obj, Model):
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(obj.pk or "")
        object_repr = object_repr or str(obj)[:200]
    real_user = user if (user is not None and getattr(user, "pk", None)) else None
    return AuditEntry.objects.create(
        user=real_user,
        username=username or (real_user.get_username() if real_user else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        success=success,
        changes=changes or {},
        ip=_client_ip(request),
    )


def snapshot(obj, fields) -> dict:
    """{field: value} of ``obj`` for the audit diff."""
    return {f: getattr(obj, f) for f in fields}


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for fields whose value changed; values as strings."""
    out = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            out[key] = [None if old is None else str(old), None if new is None else str(new)]
    return out
