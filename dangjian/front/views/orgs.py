"""A party org's page and the list of branches."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY, VIEW_REGISTRY
from dangjian.lib.paging import paginate, query_without_page
from dangjian.orgs.models import OrgType
from dangjian.orgs.selectors import branches_with_warnings, orgs_with_counts

from ..access import members_for, orgs_for
from ..forms import BranchFilterForm
from ..selectors import decorate, in_order

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
    units, zones = gatekeeper.visible_units(user), gatekeeper.visible_zones(user)
    form = BranchFilterForm(request.GET or None, units=units, zones=zones)
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
    # Page through bare ids, then count members for the page's rows only: sorting annotated
    # rows made PostgreSQL count members for every row it skipped (page 100: ~250 ms).
    order = ("unit__sort", "unit_id", "path")
    ids = branches.order_by(*order).values_list("pk", flat=True)
    if warnings_only:
        # the rules need every branch's counts: find the ids once rather than again to count
        ids = list(branches_with_warnings(branches).order_by(*order).values_list("pk", flat=True))
    page = paginate(request, ids)
    rows = in_order(orgs_with_counts(orgs_for(user)).select_related("unit"), list(page.object_list))
    context = {
        "form": form, "page": page, "branches": decorate(rows), "query": query_without_page(request),
        # plain <option>s, not the widgets: 1,820 units through ModelChoiceField cost ~150 ms
        "unit_choices": units.order_by("sort", "id").values_list("pk", "name"),
        "zone_choices": zones.order_by("sort", "id").values_list("pk", "name"),
    }
    return render(request, "front/branch_list.html", context, status=status)
