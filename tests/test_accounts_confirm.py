"""Separation of duties: committee-wide grants and admin password resets asked for by the system
admin take effect only when a security admin (not the requester, not the account concerned)
confirms them."""
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse

from dangjian.accounts.changes import (grant_request, password_reset_request, pending_change_confirm,
                                       pending_change_reject)
from dangjian.accounts.models import Membership, PendingChange, Role
from dangjian.accounts.services import membership_grant
from dangjian.audit.models import AuditEntry

from .factories import PASSWORD, make_registry, make_user

NEW = "Fresh#Pass2026"


class ServicesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()
        cls.newcomer = make_user("newcomer")
        cls.security2 = make_user("security2", Role.SECURITY_ADMIN)

    def _grant(self, **kw):
        return grant_request(by=self.r.sysadmin, user=self.newcomer, role=Role.COMMITTEE_ADMIN, **kw)

    def test_a_grant_takes_effect_only_when_confirmed(self):
        change = self._grant(can_unmask=True)
        assert not Membership.objects.filter(user=self.newcomer).exists()
        pending_change_confirm(by=self.r.security, change=change)
        m = Membership.objects.get(user=self.newcomer)
        assert (m.role, m.can_unmask) == (Role.COMMITTEE_ADMIN, True)
        change.refresh_from_db()
        assert (change.status, change.decided_by) == (PendingChange.Status.CONFIRMED, self.r.security)
        entry = AuditEntry.objects.get(action="membership.grant", object_id=str(self.newcomer.pk))
        assert entry.changes["requested_by"] == "admin" and entry.changes["confirmed_by"] == "security"
        assert AuditEntry.objects.filter(action="membership.grant_request", username="admin").exists()

    def test_a_rejected_grant_changes_nothing_and_cannot_be_confirmed_later(self):
        change = self._grant()
        pending_change_reject(by=self.r.security, change=change)
        with self.assertRaises(ValidationError):
            pending_change_confirm(by=self.r.security, change=change)
        assert not Membership.objects.filter(user=self.newcomer).exists()
        assert AuditEntry.objects.filter(action="membership.grant_reject", username="security").exists()

    def test_nobody_decides_their_own_request_or_about_themselves(self):
        own = grant_request(by=self.r.security, user=self.newcomer, role=Role.AUDIT_ADMIN)
        with self.assertRaises(ValidationError):
            pending_change_confirm(by=self.r.security, change=own)
        about_me = password_reset_request(by=self.r.sysadmin, user=self.security2, password_hash="x")
        with self.assertRaises(ValidationError):
            pending_change_reject(by=self.security2, change=about_me)
        pending_change_confirm(by=self.security2, change=own)  # another security admin may
        assert Membership.objects.filter(user=self.newcomer, role=Role.AUDIT_ADMIN).exists()

    def test_only_a_security_admin_decides(self):
        change = self._grant()
        for user in (self.r.sysadmin, self.r.committee, self.r.auditor, self.r.unit_admin):
            with self.assertRaises(ValidationError):
                pending_change_confirm(by=user, change=change)
        assert PendingChange.objects.get(pk=change.pk).status == PendingChange.Status.PENDING

    def test_the_same_request_waits_once(self):
        self._grant()
        with self.assertRaises(ValidationError):
            self._grant()

    def test_narrow_roles_are_granted_directly_and_wide_ones_never_by_someone_directly(self):
        with self.assertRaises(ValidationError):
            grant_request(by=self.r.sysadmin, user=self.newcomer, role=Role.UNIT_ADMIN)
        with self.assertRaises(ValidationError):
            membership_grant(by=self.r.sysadmin, user=self.newcomer, role=Role.COMMITTEE_ADMIN)
        membership_grant(by=self.r.sysadmin, user=self.newcomer, role=Role.UNIT_ADMIN, org=self.r.oc_a)

    def test_a_password_reset_takes_effect_only_when_confirmed_and_the_hash_is_dropped(self):
        from django.contrib.auth.hashers import make_password
        change = password_reset_request(by=self.r.sysadmin, user=self.r.committee, password_hash=make_password(NEW))
        self.r.committee.refresh_from_db()
        assert self.r.committee.check_password(PASSWORD)
        pending_change_confirm(by=self.r.security, change=change)
        self.r.committee.refresh_from_db()
        assert self.r.committee.check_password(NEW)
        change.refresh_from_db()
        assert change.password_hash == ""
        assert AuditEntry.objects.filter(action="user.password_reset_confirm", username="security").exists()


class AdminWiringTest(TestCase):
    """The system admin's existing screens (Django admin) now ask instead of granting."""

    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()
        cls.newcomer = make_user("newcomer")

    def setUp(self):
        self.admin = Client()
        self.admin.force_login(self.r.sysadmin)

    def _add_membership(self, role, **scope):
        data = {"user": self.newcomer.pk, "role": role, "org": "", "zone": "", "department": "", "_save": "1"}
        data.update({k: v.pk for k, v in scope.items()})
        return self.admin.post(reverse("admin:accounts_membership_add"), data)

    def test_a_committee_wide_grant_in_admin_becomes_a_request(self):
        response = self._add_membership(Role.COMMITTEE_ADMIN)
        assert response.status_code == 302
        assert not Membership.objects.filter(user=self.newcomer).exists()
        change = PendingChange.objects.get(target=self.newcomer)
        assert (change.role, change.requested_by) == (Role.COMMITTEE_ADMIN, self.r.sysadmin)
        response = self._add_membership(Role.DEPARTMENT, department=self.r.department)
        assert PendingChange.objects.filter(target=self.newcomer, role=Role.DEPARTMENT).exists()

    def test_a_unit_grant_in_admin_takes_effect_at_once(self):
        assert self._add_membership(Role.UNIT_ADMIN, org=self.r.oc_a).status_code == 302
        assert Membership.objects.filter(user=self.newcomer, role=Role.UNIT_ADMIN).exists()

    def test_a_committee_wide_grant_cannot_be_edited_into_being(self):
        m = Membership.objects.get(user=self.r.committee)
        url = reverse("admin:accounts_membership_change", args=[m.pk])
        response = self.admin.post(url, {"user": self.r.committee.pk, "role": Role.SYSTEM_ADMIN, "org": "",
                                         "zone": "", "department": ""})
        assert response.status_code == 403
        assert Membership.objects.get(pk=m.pk).role == Role.COMMITTEE_ADMIN
        unit = Membership.objects.get(user=self.r.unit_admin)
        url = reverse("admin:accounts_membership_change", args=[unit.pk])
        response = self.admin.post(url, {"user": self.r.unit_admin.pk, "role": Role.COMMITTEE_ADMIN, "org": "",
                                         "zone": "", "department": ""})
        assert response.status_code == 200 and "请新增授权" in response.content.decode()
        assert Membership.objects.get(pk=unit.pk).role == Role.UNIT_ADMIN

    def _reset(self, user):
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        return self.admin.post(url, {"usable_password": "true", "password1": NEW, "password2": NEW})

    def test_resetting_an_admins_password_waits_for_the_security_admin(self):
        assert self._reset(self.r.committee).status_code == 302
        self.r.committee.refresh_from_db()
        assert self.r.committee.check_password(PASSWORD)
        change = PendingChange.objects.get(target=self.r.committee, kind=PendingChange.Kind.PASSWORD_RESET)
        assert change.password_hash and NEW not in change.password_hash
        pending_change_confirm(by=self.r.security, change=change)
        self.r.committee.refresh_from_db()
        assert self.r.committee.check_password(NEW)

    def test_resetting_a_secretarys_password_is_immediate(self):
        assert self._reset(self.r.secretary).status_code == 302
        self.r.secretary.refresh_from_db()
        assert self.r.secretary.check_password(NEW)
        assert not PendingChange.objects.exists()


class ConfirmPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()
        cls.newcomer = make_user("newcomer")
        cls.change = grant_request(by=cls.r.sysadmin, user=cls.newcomer, role=Role.COMMITTEE_ADMIN)

    def _client(self, user):
        client = Client()
        client.force_login(user)
        return client

    def test_the_security_admin_sees_and_confirms(self):
        client = self._client(self.r.security)
        page = client.get(reverse("security_accounts")).content.decode()
        assert "newcomer" in page and "工委管理员" in page and reverse("security_confirm", args=[self.change.pk]) in page
        assert "<script>" not in page and " onclick=" not in page
        assert client.post(reverse("security_confirm", args=[self.change.pk])).status_code == 302
        assert Membership.objects.filter(user=self.newcomer, role=Role.COMMITTEE_ADMIN).exists()
        # decided: it is no longer there to decide
        assert client.post(reverse("security_reject", args=[self.change.pk])).status_code == 404

    def test_the_security_admin_rejects(self):
        client = self._client(self.r.security)
        assert client.post(reverse("security_reject", args=[self.change.pk])).status_code == 302
        assert PendingChange.objects.get(pk=self.change.pk).status == PendingChange.Status.REJECTED

    def test_others_cannot_see_or_decide(self):
        for user in (self.r.outsider, self.r.unit_admin, self.r.committee, self.r.sysadmin, self.r.auditor):
            client = self._client(user)
            assert client.get(reverse("security_accounts")).status_code == 403, user
            assert client.post(reverse("security_confirm", args=[self.change.pk])).status_code == 403, user
        assert not Membership.objects.filter(user=self.newcomer).exists()

    def test_anonymous_is_sent_to_sign_in(self):
        response = Client().post(reverse("security_confirm", args=[self.change.pk]))
        assert response.status_code == 302 and response.url.startswith("/login/")

    def test_an_unknown_change_is_not_found(self):
        assert self._client(self.r.security).post(reverse("security_confirm", args=[999999])).status_code == 404
