"""manage.py rotate_data_key: every ID number and phone under a new key, all or nothing."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from dangjian.audit.models import AuditEntry
from dangjian.imports.models import ImportBatch, ImportKind
from dangjian.lib import crypto
from dangjian.orgs.datakey import data_key_mismatch
from dangjian.orgs.models import DataKeyCheck, Member
from dangjian.orgs.services import member_update

from .factories import add_members

NEW_KEY = "TkVXTkVXTkVXTkVXTkVXTkVXTkVXTkVXTkVXTkVXTkU="  # b"NEW" * 10 + b"NE"


def _id_number(i):
    return f"11010119800101{i:04d}"


@pytest.fixture
def people(reg):
    """Members with an ID number and phone, one with a phone only, one with neither."""
    members = reg.members_a1[:3] + add_members(reg.branch_b1, 2, prefix="轮换")
    for i, member in enumerate(members[:4]):
        member_update(user=None, member=member, id_number=_id_number(i), phone=f"1380000{i:04d}")
    member_update(user=None, member=members[4], phone="13911112222")
    batch = ImportBatch.objects.create(user=reg.committee, kind=ImportKind.MEMBERS, filename="名册.xlsx",
                                       file_enc=crypto.encrypt("workbook bytes"), sha256="0" * 64)
    plain = {m.pk: (Member.objects.get(pk=m.pk).reveal_id_number(), Member.objects.get(pk=m.pk).reveal_phone())
             for m in members}
    return {"plain": plain, "batch": batch}


def test_rotation_reencrypts_everything_under_the_new_key(people, monkeypatch):
    old_rows = {m.pk: (m.id_number_enc, m.id_number_hash, m.phone_enc) for m in Member.objects.all()}
    monkeypatch.setenv("NEW_DATA_KEY", NEW_KEY)  # kept out of the shell history
    call_command("rotate_data_key")

    with override_settings(DATA_KEY=NEW_KEY):
        for pk, (id_number, phone) in people["plain"].items():
            member = Member.objects.get(pk=pk)
            assert (member.reveal_id_number(), member.reveal_phone()) == (id_number, phone)
            assert member.id_number_hash == crypto.keyed_hash(id_number)
            assert member.id_number_enc != old_rows[pk][0] or not id_number
        assert Member.objects.filter(id_number_hash=crypto.keyed_hash(_id_number(2))).count() == 1
        assert crypto.decrypt(ImportBatch.objects.get().file_enc) == "workbook bytes"
        assert data_key_mismatch() is None
        assert DataKeyCheck.objects.get().value == crypto.check_value()

    # the old key opens nothing any more, and the server would refuse to start under it
    for member in Member.objects.exclude(id_number_enc=""):
        with pytest.raises(crypto.DecryptionFailed):
            member.reveal_id_number()
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(ImportBatch.objects.get().file_enc)
    assert data_key_mismatch() is not None


def test_rotation_is_audited_without_personal_data(people):
    call_command("rotate_data_key", new_key=NEW_KEY)
    entry = AuditEntry.objects.get(action="data_key.rotate")
    assert entry.changes == {"members": "5", "import_batches": "1"}
    assert entry.username.startswith("rotate_data_key")
    text = str(entry.changes) + entry.object_repr + entry.username
    for id_number, phone in people["plain"].values():
        assert (not id_number or id_number not in text) and phone not in text
    assert NEW_KEY not in text


def test_a_member_that_does_not_decrypt_stops_the_rotation_and_nothing_changes(people):
    damaged = Member.objects.order_by("pk").last()
    with override_settings(DATA_KEY="T1RIRVJPVEhFUk9USEVST1RIRVJPVEhFUk9USEVST1Q="):
        damaged.set_phone("13700000000")  # encrypted under a third key
    damaged.save(update_fields=["phone_enc"])
    before = list(Member.objects.order_by("pk").values_list("id_number_enc", "id_number_hash", "phone_enc"))
    check_before = DataKeyCheck.objects.get().value
    with pytest.raises(CommandError, match=f"编号 {damaged.pk}"):
        call_command("rotate_data_key", new_key=NEW_KEY)
    assert list(Member.objects.order_by("pk").values_list("id_number_enc", "id_number_hash", "phone_enc")) == before
    assert DataKeyCheck.objects.get().value == check_before
    assert not AuditEntry.objects.filter(action="data_key.rotate").exists()


def test_rotation_refuses_a_wrong_current_key(people):
    with override_settings(DATA_KEY="V1JPTkdXUk9OR1dST05HV1JPTkdXUk9OR1dST05HV1I="):
        with pytest.raises(CommandError, match="DATA_KEY 与数据库中的数据不符"):
            call_command("rotate_data_key", new_key=NEW_KEY)
    assert data_key_mismatch() is None


@pytest.mark.parametrize("new_key, message", [
    ("", "NEW_DATA_KEY"),
    ("short", "新密钥无效"),
])
def test_rotation_needs_a_valid_new_key(db, monkeypatch, new_key, message):
    monkeypatch.delenv("NEW_DATA_KEY", raising=False)
    with pytest.raises(CommandError, match=message):
        call_command("rotate_data_key", new_key=new_key)


def test_rotation_refuses_the_current_key(db):
    from django.conf import settings
    with pytest.raises(CommandError, match="新密钥与当前 DATA_KEY 相同"):
        call_command("rotate_data_key", new_key=settings.DATA_KEY)
