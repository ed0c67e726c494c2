"""The org tree: zones → units → orgs, children loaded on demand, and search by name."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_REGISTRY

from ..access import get_org_for_user, orgs_for
from ..selectors import decorate, tree_roots, with_tree_info

SEARCH_LIMIT = 50


def _tree(user):
    """Zones with their units, each unit with the tops of the user's tree, plus the rest."""
    zones = list(gatekeeper.visible_zones(user))
    units = list(gatekeeper.visible_units(user))
    roots = decorate(with_tree_info(tree_roots(orgs_for(user))).order_by("unit__sort", "unit_id", "sort", "id"))
    unit_by_id = {u.pk: u for u in units}
    for unit in units:
        unit.roots = []
    others = []
    for org in roots:
        unit = unit_by_id.get(org.unit_id)
        (unit.roots if unit else others).append(org)
    zone_by_id = {z.pk: z for z in zones}
    for zone in zones:
        zone.tree_units = []
    loose_units = []
    for unit in units:
        zone = zone_by_id.get(unit.zone_id)
        (zone.tree_units if zone else loose_units).append(unit)
    return {"zones": zones, "loose_units": loose_units, "others": others}


def _search(user, q):
    found = list(orgs_for(user).filter(name__icontains=q).select_related("unit")[:SEARCH_LIMIT + 1])
    return {"results": found[:SEARCH_LIMIT], "more": len(found) > SEARCH_LIMIT, "q": q}


@login_required
def org_tree(request):
    gatekeeper.require(request.user, VIEW_REGISTRY)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        context = _search(request.user, q)
    else:
        context = _tree(request.user)
        context["q"] = ""
    if request.htmx and request.htmx.target == "tree-body":
        return render(request, "front/partials/tree_body.html", context)
    return render(request, "front/tree.html", context)


@login_required
def org_children(request, pk):
    """The <ul> of an org's live children (htmx partial); 404 outside the scope."""
    org = get_org_for_user(request.user, pk)
    children = orgs_for(request.user).filter(parent=org, dissolved=False)
    children = decorate(with_tree_info(children).order_by("sort", "id"))
    return render(request, "front/partials/tree_children.html", {"children": children})
