"""The audit log is append-only, records old and new values, and never holds personal data in clear."""
import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from dangjian.audit.models import AppendOnlyError, AuditEntry
from dangjian.orgs.services import member_create, member_update


def test_entries_cannot_be_changed_or_deleted_through_the_model(reg):
    entry = AuditEntry.objects.first()
    entry.action = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="database trigger exists on PostgreSQL only")
def test_postgres_refuses_update_and_early_delete(reg):
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            AuditEntry.objects.all().update(action="tampered")
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            AuditEntry.objects.all().delete()


def test_member_changes_record_old_and_new_values_with_masked_personal_data(reg):
    member = member_create(user=reg.secretary, branch=reg.branch_a1, name="张三", gender="M", status="full",
                           id_number="11010519491231002X", phone="13812345678")
    member_update(user=reg.secretary, member=member, post="科员", phone="13900001111")
    entry = AuditEntry.objects.filter(action="member.update", object_id=str(member.pk)).get()
    assert entry.username == "branch1" and entry.success
    assert entry.changes["post"] == ["", "科员"]
    assert entry.changes["phone"] == ["138****5678", "139****1111"]
    created = AuditEntry.objects.get(action="member.create", object_id=str(member.pk))
    dump = str(created.changes) + str(entry.changes)
    assert "11010519491231002X" not in dump and "13812345678" not in dump
    assert created.changes["id_number"][1] == "110***********002X"


def test_retention_is_at_least_180_days():
    from django.conf import settings
    assert settings.AUDIT_RETENTION_DAYS >= 180
