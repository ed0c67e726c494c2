"""A party org's page and the list of branches."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY, VIEW_REGISTRY
from dangjian.orgs.models import OrgType
from dangjian.orgs.selectors import branches_with_warnings, orgs_with_counts

from ..access import members_for, orgs_for, paginate, query_without_page
from ..forms import BranchFilterForm
from ..selectors import decorate

MEMBERS_ON_ORG_PAGE = 100


@login_required
def org_detail(request, pk):
    user = request.user
    orgs = orgs_for(user)
    qs = orgs_with_counts(orgs).select_related("unit", "unit__zone", "parent")
    [org] = decorate([gatekeeper.get_visible_or_404(qs, pk=pk)])
    ancestors = orgs.filter(pk__in=org.ancestor_ids()).order_by("depth")
    children = decorate(orgs_with_counts(orgs.filter(parent=org)).order_by("sort", "id"))
    members = list(members_for(user).current().filter(branch=org).order_by("id")[:MEMBERS_ON_ORG_PAGE + 1])
    context = {
        "org": org,
        "ancestors": ancestors,
        "children": children,
        "covered_units": org.covered_units.all() if org.type == OrgType.JOINT_BRANCH else [],
        "members": members[:MEMBERS_ON_ORG_PAGE],
        "more_members": len(members) > MEMBERS_ON_ORG_PAGE,
        "moves": org.moves.select_related("from_parent", "to_parent"),
        "can_change": gatekeeper.can(user, CHANGE_REGISTRY, org),
    }
    return render(request, "front/org_detail.html", context)


@login_required
def branch_list(request):
    user = request.user
    gatekeeper.require(user, VIEW_REGISTRY)
    form = BranchFilterForm(request.GET or None, units=gatekeeper.visible_units(user),
                            zones=gatekeeper.visible_zones(user))
    branches = orgs_for(user).branches().active()
    status = 200
    warnings_only = False
    if form.is_bound and not form.is_valid():
        branches, status = branches.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["unit"]:
            branches = branches.filter(unit=data["unit"])
        if data["zone"]:
            branches = branches.filter(unit__zone=data["zone"])
        warnings_only = data["warnings"]
    branches = branches_with_warnings(branches) if warnings_only else orgs_with_counts(branches)
    branches = branches.select_related("unit", "unit__zone", "parent").order_by("unit__sort", "unit_id", "path")
    page = paginate(request, branches)
    context = {"form": form, "page": page, "branches": decorate(page.object_list),
               "query": query_without_page(request)}
    return render(request, "front/branch_list.html", context, status=status)
