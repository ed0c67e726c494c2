"""The one gatekeeper: who sees what, who may change what."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangjian.accounts import gatekeeper as gk
from dangjian.accounts.models import Membership, Role
from dangjian.orgs.models import CountyCommittee


def ids(qs):
    return set(qs.values_list("id", flat=True))


def test_committee_and_department_see_everything(reg):
    county = CountyCommittee.objects.create(name="某县机关工委")
    for user in (reg.committee, reg.dept):
        assert reg.branch_b1.id in ids(gk.visible_orgs(user))
        assert reg.members_b1[0].id in ids(gk.visible_members(user))
        assert ids(gk.visible_units(user)) == {reg.unit_a.id, reg.unit_b.id}
        assert ids(gk.visible_county_committees(user)) == {county.id}
    for user in (reg.zone_lead, reg.unit_admin, reg.secretary, reg.member_user, reg.auditor):
        assert not gk.visible_county_committees(user).exists()


def test_unit_admin_sees_its_subtree_only(reg):
    orgs = ids(gk.visible_orgs(reg.unit_admin))
    assert orgs == {reg.oc_a.id, reg.branch_a1.id, reg.branch_a2.id}
    assert ids(gk.visible_units(reg.unit_admin)) == {reg.unit_a.id}
    assert not ids(gk.visible_members(reg.unit_admin)) & {m.id for m in reg.members_b1}


def test_branch_secretary_sees_its_branch_not_the_sibling(reg):
    assert ids(gk.visible_orgs(reg.secretary)) == {reg.branch_a1.id}
    assert ids(gk.visible_members(reg.secretary)) == {m.id for m in reg.members_a1}


def test_outsider_gets_404_for_another_units_branch(reg):
    with pytest.raises(Http404):
        gk.get_visible_or_404(gk.visible_orgs(reg.outsider), pk=reg.branch_a1.pk)
    with pytest.raises(Http404):
        gk.get_visible_or_404(gk.visible_members(reg.outsider), pk=reg.member.pk)


def test_get_visible_or_404_rejects_malformed_keys(reg):
    with pytest.raises(Http404):
        gk.get_visible_or_404(gk.visible_orgs(reg.committee), pk="not-a-number")


def test_zone_lead_sees_its_zone(reg):
    assert ids(gk.visible_units(reg.zone_lead)) == {reg.unit_a.id}
    assert reg.branch_b1.id not in ids(gk.visible_orgs(reg.zone_lead))
    assert ids(gk.visible_zones(reg.zone_lead)) == {reg.zone_a.id}


def test_member_sees_only_their_own_record(reg):
    assert ids(gk.visible_members(reg.member_user)) == {reg.member.id}
    assert not gk.can(reg.member_user, gk.CHANGE_REGISTRY, reg.member)


def test_read_only_roles_cannot_change(reg):
    for user in (reg.dept, reg.zone_lead):
        assert gk.can(user, gk.VIEW_REGISTRY)
        assert not gk.can(user, gk.CHANGE_REGISTRY, reg.branch_a1)
        with pytest.raises(PermissionDenied):
            gk.require(user, gk.CHANGE_REGISTRY, reg.branch_a1)


def test_writers_change_only_inside_their_subtree(reg):
    assert gk.can(reg.unit_admin, gk.CHANGE_REGISTRY, reg.branch_a2)
    assert not gk.can(reg.unit_admin, gk.CHANGE_REGISTRY, reg.branch_b1)
    assert gk.can(reg.secretary, gk.CHANGE_REGISTRY, reg.member)
    assert not gk.can(reg.secretary, gk.CHANGE_REGISTRY, reg.branch_a2)
    assert gk.can(reg.committee, gk.CHANGE_REGISTRY, reg.branch_b1)


def fresh(user):
    """A new user object: the gatekeeper computes its scope from the grants as they are now."""
    return type(user).objects.get(pk=user.pk)


def test_unmask_needs_the_named_permission(reg):
    assert not gk.can(fresh(reg.committee), gk.UNMASK, reg.member)
    assert not gk.can(fresh(reg.unit_admin), gk.UNMASK, reg.member)
    Membership.objects.filter(user=reg.unit_admin).update(can_unmask=True)
    unit_admin = fresh(reg.unit_admin)
    assert gk.can(unit_admin, gk.UNMASK, reg.member)
    assert not gk.can(unit_admin, gk.UNMASK, reg.members_b1[0])
    Membership.objects.filter(user=reg.committee).update(can_unmask=True)
    assert gk.can(fresh(reg.committee), gk.UNMASK, reg.members_b1[0])


def test_separated_admins_see_no_registry_and_hold_only_their_right(reg):
    for user in (reg.auditor, reg.sysadmin, reg.security):
        assert not gk.visible_orgs(user).exists()
        assert not gk.visible_members(user).exists()
        assert not gk.can(user, gk.VIEW_REGISTRY)
        assert not gk.can(user, gk.CHANGE_REGISTRY, reg.branch_a1)
    assert gk.can(reg.auditor, gk.VIEW_AUDIT) and not gk.can(reg.committee, gk.VIEW_AUDIT)
    assert gk.can(reg.sysadmin, gk.MANAGE_ACCOUNTS) and not gk.can(reg.auditor, gk.MANAGE_ACCOUNTS)
    assert gk.can(reg.security, gk.MANAGE_SECURITY) and not gk.can(reg.sysadmin, gk.MANAGE_SECURITY)


def test_scope_is_computed_once_per_user_object(reg, count_queries):
    user = fresh(reg.unit_admin)
    first = count_queries(lambda: gk.can(user, gk.VIEW_REGISTRY))
    again = count_queries(lambda: gk.can(user, gk.CHANGE_REGISTRY))
    assert first >= 1 and again == 0
    assert gk.roles_of(user) == [Role.UNIT_ADMIN]


def test_a_secretary_who_is_also_a_member_sees_each_org_once(reg):
    from dangjian.accounts.services import membership_grant
    membership_grant(by=None, user=reg.secretary, role=Role.MEMBER, org=reg.branch_a1)
    for m in reg.members_a1[1:]:
        m.user = None
    reg.members_a1[1].user = reg.secretary
    reg.members_a1[1].save(update_fields=["user"])
    user = type(reg.secretary).objects.get(pk=reg.secretary.pk)
    assert list(gk.visible_orgs(user).values_list("id", flat=True)) == [reg.branch_a1.id]
    assert gk.get_visible_or_404(gk.visible_orgs(user), pk=reg.branch_a1.pk) == reg.branch_a1
