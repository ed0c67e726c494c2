"""AUDIT_RETENTION_DAYS drives the retention: prune_audit deletes only older entries, and on
PostgreSQL the trigger refuses to delete younger ones, reading the same setting."""
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import override_settings
from django.utils import timezone

from dangjian.audit import retention
from dangjian.audit.models import AuditEntry
from dangjian.audit.services import audit_log

NOW = timezone.now().replace(microsecond=0)


def entries_aged(now):
    """Entries 400, 200 and 10 days older than ``now``."""
    made = {}
    for days in (400, 200, 10):
        with time_machine.travel(now - timedelta(days=days), tick=False):
            made[days] = audit_log(user=None, action=f"test.aged{days}").pk
    return made


@pytest.fixture
def aged(db):
    return entries_aged(NOW)


def left(made):
    return {days for days, pk in made.items() if AuditEntry.objects.filter(pk=pk).exists()}


@time_machine.travel(NOW, tick=False)
def test_prune_deletes_only_entries_older_than_the_setting(aged):
    out = StringIO()
    with override_settings(AUDIT_RETENTION_DAYS=365):
        call_command("prune_audit", "--dry-run", stdout=out)
        assert "将删除 1 条早于 365 天" in out.getvalue() and left(aged) == {400, 200, 10}
        call_command("prune_audit", stdout=out)
    assert left(aged) == {200, 10}
    call_command("prune_audit", stdout=out)          # the default: 180 days
    assert left(aged) == {10}


@time_machine.travel(NOW, tick=False)
def test_the_floor_is_180_days_whatever_the_setting(aged):
    with override_settings(AUDIT_RETENTION_DAYS=30):
        assert retention.retention_days() == 180
        assert retention.audit_prune() == 2
    assert left(aged) == {10}


@pytest.mark.real_clock   # the trigger ages entries by the database's clock, which no test travels
def test_the_trigger_reads_the_setting(db):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        aged = entries_aged(cursor.fetchone()[0])
    with override_settings(AUDIT_RETENTION_DAYS=365):
        retention.retention_sync()
        assert retention.database_retention_days() == 365
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=aged[200]).delete()        # younger than 365 days
        AuditEntry.objects.filter(pk=aged[400]).delete()
    retention.retention_sync()
    assert retention.database_retention_days() == 180
    AuditEntry.objects.filter(pk=aged[200]).delete()                # older than 180 days
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=aged[10]).delete()
    assert left(aged) == {10}
    with connection.cursor() as cursor:                              # a lower number is ignored
        cursor.execute("CREATE OR REPLACE FUNCTION audit_retention_days() RETURNS integer AS $$ SELECT 1 $$ "
                       "LANGUAGE sql STABLE")
    assert retention.database_retention_days() == 180
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=aged[10]).delete()
