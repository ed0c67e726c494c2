"""Roles are declared once (accounts/roles.py): everything else is derived from the table."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from dangjian.accounts import gatekeeper as gk
from dangjian.accounts import roles
from dangjian.accounts.management.commands.create_admin import ROLES as CREATE_ADMIN_ROLES
from dangjian.accounts.models import SEPARATED_ROLES, Membership, Role
from dangjian.accounts.services import membership_grant, role_home
from dangjian.front.dashboards import PANELS

from .factories import make_registry, make_user


def test_the_choices_and_the_order_come_from_the_table():
    assert [r.value for r in Role] == [s.value for s in roles.ROLES]
    assert [str(r.label) for r in Role] == [str(s.label) for s in roles.ROLES]
    assert role_home({Role.MEMBER, Role.UNIT_ADMIN}) == Role.UNIT_ADMIN
    assert role_home({Role.MEMBER, Role.COMMITTEE_ADMIN, Role.DEPARTMENT}) == Role.COMMITTEE_ADMIN
    assert role_home(set()) == ""


def test_separated_roles_and_create_admin_are_derived():
    assert set(SEPARATED_ROLES) == {Role(s.value) for s in roles.ROLES if s.separated}
    assert set(SEPARATED_ROLES) == {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
    assert CREATE_ADMIN_ROLES == {"system": Role.SYSTEM_ADMIN, "security": Role.SECURITY_ADMIN,
                                  "audit": Role.AUDIT_ADMIN, "committee": Role.COMMITTEE_ADMIN}


def test_the_home_panels_follow_the_roles():
    from pathlib import Path
    from django.conf import settings
    assert set(PANELS) <= set(Role)
    today = {"system_admin", "security_admin", "audit_admin", "committee_admin", "department", "zone_lead",
             "unit_admin", "branch_secretary", "member"}
    assert {r.value for r in PANELS} == today        # a new role may come without a panel
    for role in PANELS:
        assert (Path(settings.BASE_DIR) / "templates" / "front" / "home" / f"{role.value}.html").exists()


def test_the_constraint_is_built_from_the_table_and_matches_the_migration():
    from importlib import import_module
    from pathlib import Path

    import dangjian.accounts.migrations as package
    names = sorted(p.stem for p in Path(package.__file__).parent.glob("0*.py"))
    literal = [op.constraint for name in names
               for op in import_module(f"dangjian.accounts.migrations.{name}").Migration.operations
               if getattr(op, "constraint", None) and op.constraint.name == "membership_scope_matches_role"][-1]
    model = next(c for c in Membership._meta.constraints if c.name == "membership_scope_matches_role")
    assert model.condition == roles.scope_condition() == literal.condition


def test_every_permission_a_role_lists_is_known_and_every_known_one_is_granted():
    for spec in roles.ROLES:
        assert spec.perms <= roles.PERMISSIONS
        assert spec.field in (None, "org", "zone", "department")
    assert roles.PERMISSIONS == frozenset().union(*(s.perms for s in roles.ROLES))


class TheGatekeeperGrantsWhatTheTableSays(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = reg = make_registry()
        Membership.objects.update(can_unmask=True)    # the flagged permission, granted
        cls.holders = {
            Role.SYSTEM_ADMIN: reg.sysadmin, Role.SECURITY_ADMIN: reg.security, Role.AUDIT_ADMIN: reg.auditor,
            Role.COMMITTEE_ADMIN: reg.committee, Role.DEPARTMENT: reg.dept, Role.ZONE_LEAD: reg.zone_lead,
            Role.UNIT_ADMIN: reg.unit_admin, Role.BRANCH_SECRETARY: reg.secretary, Role.MEMBER: reg.member_user,
            Role.EXPERT_REVIEWER: make_user("expert9", Role.EXPERT_REVIEWER),
        }

    def test_a_holder_of_one_role_holds_exactly_its_permissions(self):
        assert set(self.holders) == set(Role)
        for role, user in self.holders.items():
            user = type(user).objects.get(pk=user.pk)
            held = {p for p in roles.PERMISSIONS
                    if gk.can(user, p, self.reg.member if p == roles.UNMASK else None)}
            assert held == set(roles.spec(role).perms), role

    def test_an_unknown_permission_is_an_error_not_a_silent_no(self):
        with self.assertRaises(ValueError):
            gk.can(self.reg.committee, "registry.veiw")

    def test_a_grant_without_the_scope_its_role_needs_is_refused(self):
        user = make_user("nobody")
        for role, field in ((Role.ZONE_LEAD, "zone"), (Role.UNIT_ADMIN, "org"), (Role.DEPARTMENT, "department")):
            assert roles.spec(role).field == field
            with self.assertRaises(IntegrityError), transaction.atomic():
                Membership.objects.create(user=user, role=role)

    def test_a_separated_role_is_held_alone(self):
        with self.assertRaises(ValidationError):
            membership_grant(by=None, user=self.reg.auditor, role=Role.COMMITTEE_ADMIN)
