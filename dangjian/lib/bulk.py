"""Fast writes for the seed: pre-allocated ids and batched member inserts.

On PostgreSQL members go in through COPY (psycopg 3), several times faster than
bulk_create's INSERTs for half a million rows; on SQLite through one executemany of the
values the ORM would send (bulk_create's SQL compiler was half the time of a city seed);
elsewhere through bulk_create.
"""
from django.db import connection, models
from django.db.models import JSONField
from django.utils import timezone
from psycopg.types.json import Jsonb


def allocate_ids(model, n: int) -> list[int]:
    """n fresh primary keys for ``model``, so paths can be computed before the insert."""
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, n],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}")
        start = (cursor.fetchone()[0] or 0)
        if connection.vendor == "sqlite":
            # AUTOINCREMENT: never reuse the id of a row deleted by --reset.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(start, row[0] if row else 0)
    return list(range(start + 1, start + 1 + n))


def reset_sequence(model):
    """After inserting explicit ids, move the id sequence past them (PostgreSQL)."""
    from django.core.management.color import no_style
    sql = connection.ops.sequence_reset_sql(no_style(), [model])
    if sql and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


class RowWriter:
    """Buffers model instances and writes them in batches."""

    def __init__(self, model, batch_size=5000, use_copy=None):
        self.model = model
        self.batch_size = batch_size
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.use_many = not self.use_copy and connection.vendor == "sqlite"
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.buffer = []
        self.written = 0

    def add(self, obj):
        self.buffer.append(obj)
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def add_values(self, **values):
        """Add a row given as field values; on the COPY path no model instance is built
        (``Model.__init__`` was 40 % of the time of seeding 1.7 million records)."""
        self.add(values if self.use_copy or self.use_many else self.model(**values))

    def flush(self):
        if not self.buffer:
            return
        if self.use_copy:
            self._copy(self.buffer)
        elif self.use_many:
            self._insert_many(self.buffer)
        else:
            self.model.objects.bulk_create(self.buffer, batch_size=self.batch_size)
        self.written += len(self.buffer)
        self.buffer = []

    def _copy(self, objs):
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        attnames = [f.attname for f in self.fields]
        sql = f"COPY {qn(self.model._meta.db_table)} ({columns}) FROM STDIN"
        # COPY bypasses the fields' pre_save and adapters: fill auto_now(_add) stamps and
        # send JSON fields as jsonb, as an INSERT through the ORM would.
        now = timezone.now()
        stamped = {f.attname for f in self.fields
                   if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)}
        json_fields = {f.attname for f in self.fields if isinstance(f, JSONField)}
        defaults = {f.attname: f.get_default() for f in self.fields}
        with connection.cursor() as cursor:
            with cursor.cursor.copy(sql) as copy:
                for obj in objs:
                    row = []
                    get = (lambda a: obj.get(a, defaults[a])) if isinstance(obj, dict) else (
                        lambda a: getattr(obj, a))
                    for a in attnames:
                        value = get(a)
                        if a in stamped and value is None:
                            value = now
                        elif a in json_fields:
                            value = Jsonb(value)
                        row.append(value)
                    copy.write_row(row)

    def _insert_many(self, objs):
        """One INSERT run with executemany: each value through its field's get_db_prep_save, as
        bulk_create sends it, except for the plain kinds whose value goes as it is."""
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        sql = (f"INSERT INTO {qn(self.model._meta.db_table)} ({columns}) "
               f"VALUES ({', '.join(['%s'] * len(self.fields))})")
        now = timezone.now()
        plan = []
        for f in self.fields:
            stamped = getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
            prep = None if type(f) in PLAIN_FIELDS else f.get_db_prep_save
            plan.append((f.attname, f.get_default(), stamped, prep))
        rows = []
        for obj in objs:
            row = []
            for attname, default, stamped, prep in plan:
                value = obj.get(attname, default) if isinstance(obj, dict) else getattr(obj, attname)
                if stamped and value is None:
                    value = now
                row.append(value if prep is None or value is None else prep(value, connection))
            rows.append(row)
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


# Fields whose Python value is what the SQLite driver stores (get_db_prep_save changes nothing).
PLAIN_FIELDS = {models.IntegerField, models.BigIntegerField, models.SmallIntegerField,
                models.PositiveIntegerField, models.PositiveSmallIntegerField, models.BooleanField,
                models.CharField, models.TextField, models.ForeignKey}
