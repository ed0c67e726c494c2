"""Stored member counts (orgs.counts): every write path keeps them equal to the members."""
from datetime import date

from django.db import connection
from django.db.models import Count, Q
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from dangjian.orgs.counts import member_counts_refresh
from dangjian.orgs.models import Member, PartyOrg
from dangjian.orgs.services import member_create, member_transfer, member_update, org_update

from .factories import add_members, make_registry


def true_counts():
    """{org id: (current, full)} counted from the members, the slow honest way."""
    rows = PartyOrg.objects.annotate(
        c=Count("members", filter=Q(members__left_on__isnull=True)),
        f=Count("members", filter=Q(members__left_on__isnull=True, members__status="full")))
    return {o.pk: (o.c, o.f) for o in rows}


def stored_counts():
    return {pk: (c, f) for pk, c, f in PartyOrg.objects.values_list("pk", "members_current", "members_full")}


class StoredCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()

    def assert_counts_true(self):
        self.assertEqual(stored_counts(), true_counts())

    def test_the_registry_built_through_the_services_has_true_counts(self):
        self.assert_counts_true()
        self.assertEqual(stored_counts()[self.reg.branch_a1.pk], (5, 5))

    def test_create_status_change_and_transfer_keep_the_counts(self):
        reg = self.reg
        [new] = add_members(reg.branch_a2, 1, status="probationary")
        self.assertEqual(stored_counts()[reg.branch_a2.pk], (1, 0))
        new.refresh_from_db()
        member_update(user=None, member=new, version=new.version, status="full", full_on=date(2025, 1, 1))
        self.assertEqual(stored_counts()[reg.branch_a2.pk], (1, 1))
        moved = Member.objects.get(pk=reg.members_a1[1].pk)
        member_transfer(user=None, member=moved, to_branch=reg.branch_b1, version=moved.version)
        self.assertEqual(stored_counts()[reg.branch_a1.pk], (4, 4))
        self.assertEqual(stored_counts()[reg.branch_b1.pk], (5, 5))
        self.assert_counts_true()

    def test_an_edit_of_a_stale_org_instance_keeps_the_counts(self):
        stale = PartyOrg.objects.get(pk=self.reg.branch_b1.pk)
        add_members(self.reg.branch_b1, 2)
        org_update(user=None, org=stale, secretary_name="张三")     # loaded before the 2 members came
        self.assertEqual(stored_counts()[stale.pk], (6, 6))

    def test_the_refresh_repairs_counts_in_one_statement_whatever_the_number_of_orgs(self):
        Member.objects.filter(pk=self.reg.members_b1[0].pk).update(left_on=date(2025, 6, 30))   # behind its back
        PartyOrg.objects.update(members_current=99, members_full=99)
        with CaptureQueriesContext(connection) as ctx:
            updated = member_counts_refresh()
        self.assertEqual((len(ctx.captured_queries), updated), (1, PartyOrg.objects.count()))
        self.assert_counts_true()
        self.assertEqual(stored_counts()[self.reg.branch_b1.pk], (3, 3))

    def test_a_refresh_of_some_orgs_leaves_the_others(self):
        PartyOrg.objects.update(members_current=99)
        member_counts_refresh(org_ids=[self.reg.branch_a1.pk])
        self.assertEqual(stored_counts()[self.reg.branch_a1.pk], (5, 5))
        self.assertEqual(stored_counts()[self.reg.branch_b1.pk][0], 99)

    def test_a_refused_create_changes_no_count(self):
        before = stored_counts()
        with self.assertRaises(Exception):
            member_create(user=None, branch=self.reg.oc_a, name="甲", gender="M", status="full")   # not a branch
        self.assertEqual(stored_counts(), before)


def test_an_imported_batch_of_members_is_counted(reg, login):
    from .test_imports_helpers import id_number, member_row, members_xlsx, upload_and_confirm
    data = members_xlsx([member_row("王小明", id_no=id_number(1)),
                         member_row("赵六", id_no="", status="预备党员", full="", joined="2024-01-15",
                                    branch="发改委第二党支部")])
    upload_and_confirm(login(reg.unit_admin), "members", data)
    assert Member.objects.filter(name__in=["王小明", "赵六"]).count() == 2
    assert stored_counts()[reg.branch_a1.pk] == (6, 6)
    assert stored_counts()[reg.branch_a2.pk] == (1, 0)
    assert stored_counts() == true_counts()
