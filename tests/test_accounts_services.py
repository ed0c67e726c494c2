import pytest
from django.core.exceptions import ValidationError

from dangjian.accounts.models import Role
from dangjian.accounts.services import membership_grant, password_change, user_create
from dangjian.audit.models import AuditEntry


def test_three_admin_roles_do_not_overlap(reg):
    with pytest.raises(ValidationError):
        membership_grant(by=None, user=reg.auditor, role=Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationError):
        membership_grant(by=None, user=reg.committee, role=Role.AUDIT_ADMIN)


def test_other_roles_may_combine(reg):
    membership_grant(by=None, user=reg.secretary, role=Role.UNIT_ADMIN, org=reg.oc_a)
    assert reg.secretary.memberships.count() == 2


def test_a_complex_password_is_accepted(db):
    assert user_create(by=None, username="ok", password="Long#enough1").check_password("Long#enough1")


@pytest.mark.parametrize("password", ["alllowercase", "ALLUPPER123", "abcdefgh12", "12345678"])
def test_weak_passwords_are_refused(db, password):
    with pytest.raises(ValidationError):
        user_create(by=None, username="weak", password=password)


def test_short_password_is_refused(db):
    with pytest.raises(ValidationError):
        user_create(by=None, username="weak", password="aB3#xyz")


def test_password_change_is_audited(reg):
    password_change(user=reg.secretary, new_password="Another#Pass99")
    assert AuditEntry.objects.filter(action="password.change", user=reg.secretary).exists()
