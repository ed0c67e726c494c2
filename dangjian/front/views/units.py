"""Zones, units and county committees."""
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_REGISTRY
from dangjian.lib.paging import paginate, query_without_page
from dangjian.orgs.selectors import orgs_with_counts
from dangjian.records import trends

from ..access import orgs_for
from ..forms import UnitFilterForm
from ..selectors import decorate, unit_counts_by_zone, units_with_counts


def _counted_units(user, units):
    """Counts over the whole unit for readers of everything, over the visible orgs otherwise."""
    return units_with_counts(units, orgs_for(user))


@login_required
def zone_list(request):
    gatekeeper.require(request.user, VIEW_REGISTRY)
    zones = list(gatekeeper.visible_zones(request.user).select_related("lead_unit"))
    counts = unit_counts_by_zone(gatekeeper.visible_units(request.user))
    for zone in zones:
        zone.unit_count = counts.get(zone.pk, 0)
    return render(request, "front/zone_list.html", {"zones": zones})


@login_required
def zone_detail(request, pk):
    zone = gatekeeper.get_visible_or_404(gatekeeper.visible_zones(request.user).select_related("lead_unit"), pk=pk)
    units = gatekeeper.visible_units(request.user).filter(zone=zone).select_related("category").order_by("sort", "id")
    units = _counted_units(request.user, units)
    charts = trends.zone_charts(request.user, zone)
    return render(request, "front/zone_detail.html", {"zone": zone, "units": units, "charts": charts})


@login_required
def unit_list(request):
    user = request.user
    gatekeeper.require(user, VIEW_REGISTRY)
    form = UnitFilterForm(request.GET or None, zones=gatekeeper.visible_zones(user))
    units = gatekeeper.visible_units(user).select_related("category", "zone").order_by("sort", "id")
    status = 200
    if form.is_bound and not form.is_valid():
        units, status = units.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["q"]:
            units = units.filter(Q(name__icontains=data["q"]) | Q(short_name__icontains=data["q"]))
        if data["category"]:
            units = units.filter(category=data["category"])
        if data["zone"]:
            units = units.filter(zone=data["zone"])
    page = paginate(request, _counted_units(user, units))
    context = {"form": form, "page": page, "query": query_without_page(request)}
    return render(request, "front/unit_list.html", context, status=status)


@login_required
def unit_detail(request, pk):
    user = request.user
    qs = gatekeeper.visible_units(user).select_related("category", "zone", "zone__lead_unit")
    unit = gatekeeper.get_visible_or_404(qs, pk=pk)
    orgs = orgs_with_counts(orgs_for(user).filter(unit=unit)).order_by("path")
    joint = orgs_with_counts(orgs_for(user).filter(covered_units=unit).exclude(unit=unit)).select_related("unit")
    context = {"unit": unit, "orgs": decorate(orgs), "joint_orgs": decorate(joint),
               "charts": trends.unit_charts(user, unit)}
    return render(request, "front/unit_detail.html", context)


@login_required
def county_committee_list(request):
    """Guided county/district committees: for the committee and the departments only."""
    gatekeeper.require(request.user, gatekeeper.VIEW_COUNTY_COMMITTEES)
    committees = gatekeeper.visible_county_committees(request.user)
    return render(request, "front/county_committee_list.html", {"committees": committees})
