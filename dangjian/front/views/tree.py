"""The org tree: zones → units → orgs, children loaded on demand, and search by name."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_REGISTRY

from ..access import get_org_for_user, orgs_for
from ..selectors import decorate, tree_top, unit_tree_roots, with_tree_info

SEARCH_LIMIT = 50
# A scope with this many units or fewer opens them with their orgs; above it (a zone lead,
# the committee) unit lines are cheap and each unit's orgs load when it is opened.
EXPAND_UP_TO_UNITS = 5


def _tree(user):
    return tree_top(zones=gatekeeper.visible_zones(user), units=gatekeeper.visible_units(user),
                    orgs=orgs_for(user), expand_up_to=EXPAND_UP_TO_UNITS)


def _search(user, q):
    found = list(orgs_for(user).filter(name__icontains=q).select_related("unit")[:SEARCH_LIMIT + 1])
    return {"results": found[:SEARCH_LIMIT], "more": len(found) > SEARCH_LIMIT, "q": q}


def _unit_orgs(request, raw):
    """The <ul> of the tops of a unit's orgs (htmx partial, ``?unit=<pk>``); 404 outside the scope."""
    if not (raw.isdigit() and len(raw) <= 9):
        return HttpResponseBadRequest(_("单位编号不正确"), content_type="text/plain; charset=utf-8")
    unit = gatekeeper.get_visible_or_404(gatekeeper.visible_units(request.user), pk=int(raw))
    context = {"children": unit_tree_roots(orgs_for(request.user), unit), "in_unit": True}
    return render(request, "front/partials/tree_children.html", context)


@login_required
def org_tree(request):
    gatekeeper.require(request.user, VIEW_REGISTRY)
    if "unit" in request.GET:
        return _unit_orgs(request, request.GET["unit"].strip())
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
