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


def audit_log_many(*, user, entries, request=None) -> int:
    """One audit entry per ``(action, obj, changes)`` in ``entries``, written in bulk (an
    import writes thousands: one INSERT per batch, not one per object)."""
    real_user = user if (user is not None and getattr(user, "pk", None)) else None
    username, ip = (real_user.get_username() if real_user else ""), _client_ip(request)
    rows = [AuditEntry(user=real_user, username=username, action=action, object_type=obj._meta.model_name,
                       object_id=str(obj.pk or ""), object_repr=str(obj)[:200], changes=changes or {}, ip=ip)
            for action, obj, changes in entries]
    AuditEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def snapshot(obj, fields=None, *, exclude=()) -> dict:
    """{field: value} of ``obj`` for the audit diff: the named fields, or every concrete field
    but the primary key (foreign keys as their ids) less ``exclude``."""
    if fields is not None:
        return {f: getattr(obj, f) for f in fields if f not in exclude}
    return {f.name: f.value_from_object(obj) for f in obj._meta.concrete_fields
            if f.name not in exclude and not f.primary_key}


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for fields whose value changed; values as strings."""
    out = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            out[key] = [None if old is None else str(old), None if new is None else str(new)]
    return out
