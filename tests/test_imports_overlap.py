"""Overlapping imports of the same people: confirms of one kind run one at a time, each on the
registry as it then is; a plan that no longer holds is refused (400, 数据已变化，请重新上传校验)
with nothing written, and a clash on a unique value is never a 500."""
import os
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client, TestCase

from dangjian.audit.models import AuditEntry
from dangjian.imports.models import ImportBatch
from dangjian.orgs.models import Member
from dangjian.orgs.services import member_create, member_update

from .factories import make_registry
from .test_imports_helpers import id_number, member_row, members_xlsx, post_upload

STALE = "数据已变化，请重新上传校验"
# Skipped only on SQLite outside the PostgreSQL run: under REQUIRE_POSTGRES=1 they always run.
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql" and os.environ.get("REQUIRE_POSTGRES") != "1",
                                 reason="two real connections need PostgreSQL (REQUIRE_POSTGRES=1 runs them)")


def people(prefix, n, with_ids):
    return members_xlsx([member_row(f"{prefix}{i}", id_no=id_number(i) if with_ids else "", phone="")
                         for i in range(n)])


def upload(client, data):
    response = post_upload(client, "members", data)
    assert response.status_code == 302, response.content.decode()[:1000]
    return response["Location"] + "confirm/"


class StalePlanTests(TestCase):
    """Sequential on every backend: the second of two overlapping batches meets a changed registry."""

    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()

    def setUp(self):
        self.committee, self.unit = Client(), Client()
        self.committee.force_login(self.reg.committee)
        self.unit.force_login(self.reg.unit_admin)

    def check_second_confirm_is_refused(self, with_ids):
        before = Member.objects.count()
        first, second = upload(self.committee, people("甲", 3, with_ids)), upload(self.unit, people("甲", 3, with_ids))
        assert self.committee.post(first).status_code == 302
        response = self.unit.post(second)
        assert response.status_code == 400
        html = response.content.decode()
        assert STALE in html and "确认导入</button>" not in html      # no confirm button on a stale batch
        assert Member.objects.count() == before + 3
        batch = ImportBatch.objects.get(user=self.reg.unit_admin)
        assert batch.status == "discarded" and batch.file_enc == ""
        assert AuditEntry.objects.filter(action="registry.import").count() == 1
        # Checked again, the same file now matches the people the first batch created.
        assert self.unit.post(upload(self.unit, people("甲", 3, with_ids))).status_code == 302
        assert Member.objects.count() == before + 3

    def test_rows_without_id_numbers_are_not_created_twice(self):
        self.check_second_confirm_is_refused(with_ids=False)

    def test_rows_with_id_numbers_get_a_message_not_a_500(self):
        self.check_second_confirm_is_refused(with_ids=True)

    def test_a_batch_whose_counts_still_hold_is_applied(self):
        """A change elsewhere in the registry does not make a batch stale."""
        confirm = upload(self.unit, people("乙", 2, with_ids=False))
        member_update(user=None, member=self.reg.members_a1[1], post="科员")
        assert self.unit.post(confirm).status_code == 302
        assert Member.objects.filter(name__startswith="乙").count() == 2

    def test_an_import_update_makes_an_open_edit_form_stale(self):
        member = Member.objects.get(pk=self.reg.member.pk)
        seen = member.version
        row = member_row(member.name, birth="1980-01-01", joined="2005-07-01", full="2006-07-01", post="处长",
                         phone="", ethnicity="", education="")
        assert self.unit.post(upload(self.unit, members_xlsx([row]))).status_code == 302
        member.refresh_from_db()
        assert (member.post, member.version) == ("处长", seen + 1)
        with pytest.raises(ValidationError):      # a form filled before the import
            member_update(user=self.reg.secretary, member=member, version=seen, post="科员")
        assert Member.objects.get(pk=member.pk).post == "处长"

    def test_outsiders_cannot_see_or_confirm_anothers_batch(self):
        confirm = upload(self.unit, people("丙", 1, with_ids=False))
        outsider = Client()
        outsider.force_login(self.reg.outsider)
        assert outsider.get(confirm.removesuffix("confirm/")).status_code == 404
        assert outsider.post(confirm).status_code == 404
        assert not Member.objects.filter(name="丙0").exists()


# ---- two real connections on PostgreSQL ------------------------------------------------------

def run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            results[i] = job(barrier)
        finally:
            connection.close()
    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


def confirm_job(client, url):
    def job(barrier):
        barrier.wait()
        response = client.post(url)
        return response.status_code, response.content.decode()
    return job


@on_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_ids", [False, True])
def test_two_overlapping_batches_confirmed_at_once_never_create_a_person_twice(with_ids):
    reg = make_registry()
    committee, unit = Client(), Client()
    committee.force_login(reg.committee)
    unit.force_login(reg.unit_admin)
    n = 200
    for rnd in range(3):
        before = Member.objects.count()
        data = people(f"第{rnd}轮", n, with_ids)
        first, second = upload(committee, data), upload(unit, data)
        results = run_together(confirm_job(committee, first), confirm_job(unit, second))
        assert sorted(code for code, _html in results) == [302, 400], (rnd, [c for c, _ in results])
        assert STALE in next(html for code, html in results if code == 400)
        assert Member.objects.count() == before + n
        assert Member.objects.filter(name=f"第{rnd}轮0").count() == 1
        if with_ids:
            break     # later rounds would reuse the same ID numbers: the first round shows it


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_unique_clash_with_a_concurrent_registration_is_400_not_500():
    """A form registers an ID number while a batch holding it is being written: the batch's
    insert waits on the unique index, then fails; the person gets the message, nothing else
    of the batch is written."""
    reg = make_registry()
    unit = Client()
    unit.force_login(reg.unit_admin)
    confirm = upload(unit, members_xlsx([member_row("丁", id_no=id_number(7)), member_row("戊", id_no=id_number(8))]))

    def registrar(barrier):
        with transaction.atomic():
            member_create(user=None, branch=reg.branch_a2, name="丁", gender="M", status="full",
                          id_number=id_number(7))
            barrier.wait()                      # registered, not yet committed
            with connection.cursor() as cursor:
                for _ in range(500):            # until the confirm waits on our row (at most ~10 s)
                    cursor.execute("SELECT pg_stat_clear_snapshot()")
                    cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                   "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'")
                    if cursor.fetchone()[0]:
                        return True
                    time.sleep(0.02)
        return False
    waited, (code, html) = run_together(registrar, confirm_job(unit, confirm))
    assert waited
    assert code == 400 and STALE in html
    assert list(Member.objects.filter(name__in=["丁", "戊"]).values_list("name", "branch_id")) == [
        ("丁", reg.branch_a2.pk)]
