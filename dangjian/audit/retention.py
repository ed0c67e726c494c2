"""Retention of the audit log: entries are kept AUDIT_RETENTION_DAYS (never fewer than 180)
and only then may be deleted, by ``manage.py prune_audit``."""
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEntry

FLOOR = 180


def retention_days() -> int:
    return max(FLOOR, int(settings.AUDIT_RETENTION_DAYS))


def retention_sync():
    """Write the configured period into the database, where the trigger reads it (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE OR REPLACE FUNCTION audit_retention_days() RETURNS integer AS $$ "
                           "SELECT %s $$ LANGUAGE sql STABLE" % retention_days())


def database_retention_days() -> int | None:
    """The period the trigger enforces (None without the trigger, i.e. not PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT GREATEST(180, audit_retention_days())")
        return cursor.fetchone()[0]


@transaction.atomic
def audit_prune(*, now=None, dry_run=False) -> int:
    """Delete the entries older than the retention period; returns how many (or would)."""
    retention_sync()
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    old = AuditEntry.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    deleted, _ = old.delete()
    return deleted
