"""Small helpers that put every front view through the gatekeeper.

Outside the scope an object does not exist (404); visible but read-only answers 403.
"""
from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY


def orgs_for(user):
    return gatekeeper.visible_orgs(user)


def members_for(user):
    return gatekeeper.visible_members(user)


def get_org_for_user(user, pk):
    return gatekeeper.get_visible_or_404(orgs_for(user).select_related("unit", "parent"), pk=pk)


def get_member_for_user(user, pk):
    qs = members_for(user).select_related("branch", "branch__unit")
    return gatekeeper.get_visible_or_404(qs, pk=pk)


def get_rw_member_for_user(user, pk):
    member = get_member_for_user(user, pk)
    gatekeeper.require(user, CHANGE_REGISTRY, member)
    return member
