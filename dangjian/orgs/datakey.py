"""DATA_KEY and the data: does the key match (check value), and changing it (rotation).

Does DATA_KEY match the data? The check value stored in DataKeyCheck answers.
Where no check value is stored yet (a database from before it existed), one stored ID number
or phone is decrypted instead, and the value is written once the key is known to fit: on
migrate and when the server starts. The server refuses to start on a mismatch (wsgi.py), and
``manage.py check --database default`` reports it (orgs/checks.py).

``data_key_rotate`` re-encrypts every member's ID number and phone, their lookup hashes and
the files of imports awaiting confirmation under a new key, in one transaction.
"""
import hmac
import logging

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Q

from dangjian.audit.services import audit_log
from dangjian.lib import crypto

from .models import DataKeyCheck, Member

logger = logging.getLogger(__name__)

MISMATCH = (
    "DATA_KEY 与数据库中的数据不符：身份证号和电话是用另一个密钥加密的。"
    "请设置加密这些数据时所用的 DATA_KEY；要更换密钥，请用 manage.py rotate_data_key。\n"
    "DATA_KEY does not match the data: the ID numbers and phones in this database were encrypted "
    "under another key. Set the DATA_KEY they were encrypted with; to change keys, use "
    "manage.py rotate_data_key."
)


def _tables(using):
    return set(connections[using].introspection.table_names())


def _stored_value(using):
    if DataKeyCheck._meta.db_table not in _tables(using):
        return None
    return DataKeyCheck.objects.using(using).filter(pk=1).values_list("value", flat=True).first()


def _sample_opens(using) -> bool:
    """False when a stored ID number or phone does not decrypt under DATA_KEY."""
    if Member._meta.db_table not in _tables(using):
        return True
    sample = (Member.objects.using(using).filter(~Q(id_number_enc="") | ~Q(phone_enc=""))
              .values_list("id_number_enc", "phone_enc").first())
    if sample is None:
        return True
    try:
        crypto.decrypt(sample[0] or sample[1])
    except crypto.DecryptionFailed:
        return False
    return True


def data_key_mismatch(*, using="default") -> str | None:
    """The message to show when DATA_KEY is not the key of the data; None when it is."""
    stored = _stored_value(using)
    if stored is not None:
        return None if hmac.compare_digest(stored, crypto.check_value()) else MISMATCH
    return None if _sample_opens(using) else MISMATCH


def data_key_check_ensure(*, using="default") -> bool:
    """Store the check value of DATA_KEY if none is stored and the data opens under the key.
    True when a matching value is stored afterwards."""
    if data_key_mismatch(using=using) is not None:
        return False
    if DataKeyCheck._meta.db_table not in _tables(using):
        return False
    DataKeyCheck.objects.using(using).get_or_create(pk=1, defaults={"value": crypto.check_value()})
    return True


def data_key_check_set(*, value, using="default"):
    """Replace the stored check value (the key rotation, inside its transaction)."""
    DataKeyCheck.objects.using(using).update_or_create(pk=1, defaults={"value": value})


def data_key_verify_at_start(*, using="default"):
    """Refuse to serve under a DATA_KEY that does not match the data. An unreachable database
    does not stop the start (the health check reports it); it is checked on the next start."""
    try:
        problem = data_key_mismatch(using=using)
        if problem is None:
            data_key_check_ensure(using=using)
    except DatabaseError as exc:
        logger.warning("DATA_KEY not checked at start: the database did not answer (%s)", exc)
        return
    finally:
        if not connections[using].in_atomic_block:
            connections[using].close()  # workers forked later must not share this connection
    if problem:
        raise ImproperlyConfigured(problem)


def _rotate_members(old_key, new_key, batch_size):
    """Re-encrypt in batches of primary keys (keyset), one bulk UPDATE per batch."""
    with_data = Member.objects.filter(~Q(id_number_enc="") | ~Q(phone_enc="")).order_by("pk")
    done, last = 0, 0
    while True:
        rows = list(with_data.filter(pk__gt=last).values_list("pk", "id_number_enc", "phone_enc")[:batch_size])
        if not rows:
            return done
        batch = []
        for pk, id_enc, phone_enc in rows:
            try:
                id_number, phone = crypto.decrypt(id_enc, key=old_key), crypto.decrypt(phone_enc, key=old_key)
            except crypto.DecryptionFailed:
                raise ValidationError(
                    f"党员（编号 {pk}）的数据无法用当前 DATA_KEY 解密，密钥未更换，数据未改动 / "
                    f"member {pk} does not decrypt under the current DATA_KEY; nothing was changed") from None
            batch.append((crypto.encrypt(id_number, key=new_key), crypto.keyed_hash(id_number, key=new_key),
                          crypto.encrypt(phone, key=new_key), pk))
        _update_many(batch)
        done, last = done + len(rows), rows[-1][0]


def _update_many(batch):
    """One UPDATE by primary key sent for many rows (pipelined by psycopg): bulk_update's
    CASE WHEN grows with the square of the batch and took four times as long."""
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(Member._meta.db_table)} SET {qn('id_number_enc')} = %s, "
           f"{qn('id_number_hash')} = %s, {qn('phone_enc')} = %s WHERE {qn('id')} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, batch)


def _rotate_import_files(old_key, new_key):
    from dangjian.imports.models import ImportBatch

    batches = list(ImportBatch.objects.exclude(file_enc="").only("pk", "file_enc", "status"))
    for batch in batches:
        try:
            batch.file_enc = crypto.encrypt(crypto.decrypt(batch.file_enc, key=old_key), key=new_key)
        except crypto.DecryptionFailed:  # an upload that could not be confirmed anyway
            batch.file_enc, batch.status = "", ImportBatch.Status.DISCARDED
    ImportBatch.objects.bulk_update(batches, ["file_enc", "status"])
    return len(batches)


@transaction.atomic
def data_key_rotate(*, new_key: bytes, username="", batch_size=1000) -> dict:
    """Re-encrypt all personal data under ``new_key`` and store its check value; all or nothing.

    The caller then sets DATA_KEY to the new key and restarts; until then the server refuses
    to start, as the stored check value is the new key's. Counts only go to the audit log."""
    old_key = crypto.current_key()
    if new_key == old_key:
        raise ValidationError("新密钥与当前 DATA_KEY 相同 / the new key is the current DATA_KEY")
    # The lock serialises two rotations; the second then finds the check value changed.
    DataKeyCheck.objects.select_for_update().filter(pk=1).first()
    if data_key_mismatch() is not None:
        raise ValidationError(MISMATCH)
    counts = {"members": _rotate_members(old_key, new_key, batch_size),
              "import_batches": _rotate_import_files(old_key, new_key)}
    data_key_check_set(value=crypto.check_value(key=new_key))
    audit_log(user=None, username=username[:150], action="data_key.rotate", object_type="data_key",
              changes={k: str(v) for k, v in counts.items()})
    return counts
