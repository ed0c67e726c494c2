"""The audit trail of an import: one entry per object it created or changed, beside the
batch's own entry with the counts. Written in bulk, in the import's transaction."""
from dangjian.audit.services import audit_log_many, diff, snapshot

# never in the log: the ciphertext and the lookup hash (the masked values are logged instead)
SECRET = ("id_number_enc", "id_number_hash", "phone_enc")


def _created(obj, batch_ref):
    return diff({}, snapshot(obj, exclude=SECRET) | batch_ref)


def _updated(obj, names, before, batch_ref):
    names = [n for n in names if n not in SECRET]
    return diff({n: before.get(n) for n in names} | {"import": None},
                {n: getattr(obj, n) for n in names} | batch_ref)


def import_audit(*, user, batch, plan, request=None) -> int:
    """Entries ``<model>.create`` / ``<model>.update`` naming the batch; returns how many."""
    batch_ref = {"import": batch.pk}
    entries = [(f"{obj._meta.model_name}.create", obj, _created(obj, batch_ref)) for obj in plan.creates]
    entries += [(f"{obj._meta.model_name}.update", obj,
                 _updated(obj, plan.changed[id(obj)], plan.before.get(id(obj), {}), batch_ref))
                for obj in plan.updates]
    return audit_log_many(user=user, entries=entries, request=request)
