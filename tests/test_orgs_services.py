from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import Member, MemberTransfer, OrgMove, OrgType, PartyOrg
from dangjian.orgs.services import (
    member_create, member_reveal, member_transfer, org_create, org_move,
)


def test_org_term_defaults_to_3_years_for_branches_and_5_for_committees(reg):
    assert reg.branch_a1.term_end == date(2026, 12, 31)
    assert reg.oc_a.term_end == date(2027, 12, 31)


def test_no_org_under_a_branch(reg):
    with pytest.raises(ValidationError):
        org_create(user=None, name="x", type=OrgType.BRANCH, parent=reg.branch_a1)


def test_joint_branch_covers_at_most_5_units(reg):
    units = [reg.unit_a, reg.unit_b] * 3
    with pytest.raises(ValidationError):
        org_create(user=None, name="联合支部", type=OrgType.JOINT_BRANCH, parent=reg.oc_a, covered_units=units)


def test_moving_an_org_rewrites_the_subtree_and_keeps_history(reg):
    general = org_create(user=reg.committee, name="总支", type=OrgType.GENERAL_BRANCH, parent=reg.oc_a)
    sub = org_create(user=reg.committee, name="总支下支部", type=OrgType.BRANCH, parent=general)
    org_move(user=reg.committee, org=general, new_parent=reg.oc_b, reason="机构调整")
    general.refresh_from_db()
    sub.refresh_from_db()
    assert general.path == f"{reg.oc_b.path}{general.pk}/"
    assert sub.path == f"{general.path}{sub.pk}/"
    assert sub.depth == general.depth + 1 == 2
    move = OrgMove.objects.get(org=general)
    assert move.from_parent == reg.oc_a and move.to_parent == reg.oc_b
    assert AuditEntry.objects.filter(action="org.move", object_id=str(general.pk)).exists()


def test_an_org_cannot_move_under_itself(reg):
    with pytest.raises(ValidationError):
        org_move(user=reg.committee, org=reg.oc_a, new_parent=reg.branch_a1)


def test_transfer_keeps_history(reg):
    member = reg.members_a1[1]
    member_transfer(user=reg.unit_admin, member=member, to_branch=reg.branch_a2, reason="岗位调整")
    member.refresh_from_db()
    assert member.branch == reg.branch_a2
    t = MemberTransfer.objects.get(member=member)
    assert (t.from_branch, t.to_branch, t.by) == (reg.branch_a1, reg.branch_a2, reg.unit_admin)


def test_members_belong_to_branches_only(reg):
    with pytest.raises(ValidationError):
        member_create(user=None, branch=reg.oc_a, name="x", gender="M", status="full")


@pytest.mark.parametrize("dates, field", [
    ({"joined_on": date(2010, 1, 1), "full_on": date(2009, 1, 1)}, "full_on"),
    ({"birth_date": date(2000, 1, 1), "joined_on": date(1999, 1, 1)}, "joined_on"),
    ({"joined_on": date(2099, 1, 1)}, "joined_on"),
])
def test_inconsistent_dates_are_refused(reg, dates, field):
    with pytest.raises(ValidationError) as exc:
        member_create(user=None, branch=reg.branch_a1, name="x", gender="M", status="full", **dates)
    assert field in exc.value.message_dict


def test_probationary_members_have_no_full_date(reg):
    with pytest.raises(ValidationError):
        member_create(user=None, branch=reg.branch_a1, name="x", gender="M", status="probationary",
                      joined_on=date(2025, 1, 1), full_on=date(2026, 1, 1))


def test_id_number_encrypted_at_rest_masked_and_unique(reg):
    member = member_create(user=None, branch=reg.branch_a1, name="李四", gender="F", status="full",
                           id_number="110105194912310021", phone="13812345678")
    raw = Member.objects.filter(pk=member.pk).values("id_number_enc", "phone_enc").get()
    assert "110105194912310021" not in raw["id_number_enc"] and raw["id_number_enc"].startswith("v1:")
    assert "13812345678" not in raw["phone_enc"]
    assert member.id_number_masked == "110***********0021"
    assert member.phone_masked == "138****5678"
    with pytest.raises(ValidationError):
        member_create(user=None, branch=reg.branch_a2, name="李四", gender="F", status="full",
                      id_number="110105194912310021")


def test_reveal_decrypts_and_is_audited(reg):
    member = member_create(user=None, branch=reg.branch_a1, name="王五", gender="M", status="full",
                           id_number="110105194912310021")
    assert member_reveal(user=reg.committee, member=member)["id_number"] == "110105194912310021"
    assert AuditEntry.objects.filter(action="member.unmask", object_id=str(member.pk)).count() == 1


def test_org_paths_are_consistent(reg):
    for org in PartyOrg.objects.all():
        expected = (org.parent.path if org.parent else "/") + f"{org.pk}/"
        assert org.path == expected
