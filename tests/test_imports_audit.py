"""An import leaves one audit entry per object it created or changed, written in bulk, with
no personal data beyond the masks."""
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from dangjian.audit.models import AuditEntry
from dangjian.imports.models import ImportBatch
from dangjian.orgs.models import Member

from .factories import make_registry
from .test_imports_helpers import id_number, member_row, members_xlsx, post_upload


class ImportAudit(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()

    def confirm(self, rows):
        self.client.force_login(self.reg.unit_admin)
        response = post_upload(self.client, "members", members_xlsx(rows))
        assert response.status_code == 302
        with CaptureQueriesContext(connection) as ctx:
            assert self.client.post(response["Location"] + "confirm/").status_code == 302
        return ImportBatch.objects.latest("pk"), ctx.captured_queries

    def entries(self, batch, action):
        return AuditEntry.objects.filter(action=action, changes__import=[None, str(batch.pk)])

    def test_each_created_and_changed_member_has_its_entry(self):
        n = 30
        batch, _ = self.confirm([member_row(f"新党员{i}", id_no=id_number(i)) for i in range(n)])
        created = self.entries(batch, "member.create")
        assert created.count() == n
        one = created.get(object_repr="新党员7")
        member = Member.objects.get(name="新党员7")
        assert one.object_id == str(member.pk) and one.user == self.reg.unit_admin
        assert one.changes["name"] == [None, "新党员7"]
        assert one.changes["id_number_masked"] == [None, member.id_number_masked]
        assert "id_number_enc" not in one.changes and "phone_enc" not in one.changes

        rows = [member_row(f"新党员{i}", id_no=id_number(i), post="副科长" if i < 5 else "科员")
                for i in range(n)]
        batch2, queries = self.confirm(rows)
        updated = self.entries(batch2, "member.update")
        assert updated.count() == 5
        assert updated.get(object_repr="新党员3").changes == {"post": ["科员", "副科长"],
                                                             "import": [None, str(batch2.pk)]}
        assert not self.entries(batch2, "member.create").exists()
        audit_inserts = [q for q in queries if 'INSERT INTO "audit_auditentry"' in q["sql"]]
        assert len(audit_inserts) == 2          # the batch's entry, and one bulk insert of five

    def test_no_id_number_or_phone_reaches_the_log(self):
        self.confirm([member_row("甲", id_no=id_number(1), phone="13900001111")])
        dumped = str(list(AuditEntry.objects.values_list("changes", "object_repr")))
        assert id_number(1) not in dumped and "13900001111" not in dumped
