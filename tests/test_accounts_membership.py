"""A role is granted over a scope once: the database refuses a second, identical grant,
also when the scope is empty (committee-wide roles), where NULLs would otherwise differ."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from dangjian.accounts.models import Membership, Role

from .factories import make_registry


class MembershipUniqueTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()

    def _twice(self, **fields):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Membership.objects.create(**fields)

    def test_a_committee_wide_grant_exists_once(self):
        self._twice(user=self.r.committee, role=Role.COMMITTEE_ADMIN)

    def test_a_scoped_grant_exists_once(self):
        self._twice(user=self.r.secretary, role=Role.BRANCH_SECRETARY, org=self.r.branch_a1)
        self._twice(user=self.r.zone_lead, role=Role.ZONE_LEAD, zone=self.r.zone_a)
        self._twice(user=self.r.dept, role=Role.DEPARTMENT, department=self.r.department)

    def test_the_same_role_over_another_scope_is_another_grant(self):
        Membership.objects.create(user=self.r.secretary, role=Role.BRANCH_SECRETARY, org=self.r.branch_a2)
        assert Membership.objects.filter(user=self.r.secretary, role=Role.BRANCH_SECRETARY).count() == 2

    def test_validation_says_so_in_chinese(self):
        with self.assertRaisesMessage(ValidationError, "该授权已存在"):
            Membership(user=self.r.committee, role=Role.COMMITTEE_ADMIN).full_clean()
