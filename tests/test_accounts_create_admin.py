import pytest
from django.core.management import CommandError, call_command

from dangjian.accounts.models import Membership, Role


def test_create_admin_grants_the_role(db):
    call_command("create_admin", "root", "--role", "system", "--password", "Strong#Pass2026")
    assert Membership.objects.get(user__username="root").role == Role.SYSTEM_ADMIN


def test_create_admin_refuses_a_weak_password(db):
    with pytest.raises(CommandError):
        call_command("create_admin", "root", "--role", "audit", "--password", "password")
