"""The registry's tree rules (orgs/rules.py), pure, and the callers that share them."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian.orgs import rules
from dangjian.orgs.models import BRANCH_TYPES, OrgType
from dangjian.orgs.services import org_create, org_move, org_update

ids = st.integers(min_value=1, max_value=10**9)
chains = st.lists(ids, min_size=1, max_size=8, unique=True)
types = st.sampled_from([t.value for t in OrgType])


def build(chain):
    path, depth = None, None
    for pk in chain:
        path, depth = rules.org_path(path, pk)
    return path, depth


def test_the_rules_know_the_models_branch_types():
    assert rules.BRANCH_TYPE_CODES == {t.value for t in BRANCH_TYPES}


@settings(max_examples=60)
@given(chains)
def test_a_path_lists_the_ids_from_the_top_and_the_depth_counts_the_ancestors(chain):
    path, depth = build(chain)
    assert path == "/" + "".join(f"{pk}/" for pk in chain)
    assert depth == len(chain) - 1
    assert [int(p) for p in path.strip("/").split("/")] == chain


@settings(max_examples=60)
@given(chains, ids)
def test_a_child_path_extends_its_parent(chain, pk):
    parent, parent_depth = build(chain)
    child, depth = rules.org_path(parent, pk)
    assert child.startswith(parent) and depth == parent_depth + 1


def test_an_org_needs_its_id_first():
    with pytest.raises(ValueError):
        rules.org_path("/1/", None)


@settings(max_examples=60)
@given(chains, st.integers(min_value=0, max_value=7), types)
def test_nothing_moves_under_itself_or_its_subtree(chain, cut, parent_type):
    own, _ = build(chain[:min(cut, len(chain) - 1) + 1])
    below, _ = build(chain)
    refusal = rules.parent_refusal(parent_type=parent_type, parent_path=below, own_path=own)
    assert refusal is not None
    if not rules.is_branch(parent_type):
        assert "下级" in refusal


@settings(max_examples=60)
@given(types, st.booleans())
def test_nothing_sits_under_a_branch(parent_type, moving):
    refusal = rules.parent_refusal(parent_type=parent_type, parent_path="/1/", own_path="/2/" if moving else None)
    assert (refusal is not None) == rules.is_branch(parent_type)
    assert rules.parent_refusal(parent_type=None) is None


@settings(max_examples=80)
@given(types, types, st.booleans(), st.booleans())
def test_type_change_keeps_children_out_of_branches_and_members_in_them(old, new, children, members):
    refusal = rules.type_change_refusal(old_type=old, new_type=new, has_children=children, has_members=members)
    if old == new:
        assert refusal is None
    elif rules.is_branch(new):
        assert (refusal is not None) == children
    else:
        assert (refusal is not None) == members


def test_the_service_refuses_what_the_rules_refuse(reg):
    with pytest.raises(ValidationError) as err:
        org_update(user=reg.committee, org=reg.branch_a1, type=OrgType.GENERAL_BRANCH)   # it has members
    assert "type" in err.value.message_dict
    with pytest.raises(ValidationError):
        org_update(user=reg.committee, org=reg.oc_a, type=OrgType.BRANCH)                 # it has branches
    with pytest.raises(ValidationError):
        org_move(user=reg.committee, org=reg.oc_a, new_parent=reg.branch_a1)
    empty = org_create(user=None, name="新党总支", type=OrgType.GENERAL_BRANCH, parent=reg.oc_a,
                       term_start=date(2024, 1, 1))
    assert (empty.path, empty.depth) == rules.org_path(reg.oc_a.path, empty.pk)
    org_update(user=reg.committee, org=empty, type=OrgType.BRANCH)
    empty.refresh_from_db()
    assert empty.type == OrgType.BRANCH
