"""What is due, where the gaps are, and the committee's picture by zone and unit."""
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dangjian.accounts import gatekeeper as gk
from dangjian.commitments.selectors import todo_due
# a view-level dependency on the assessment: the picture shows each unit's division (read only)
from dangjian.assessment.selectors import picture_scheme, unit_divisions
from dangjian.lib import pagecharts
from dangjian.lib.paging import PAGE_SIZE, paginate, query_without_page
from dangjian.lib.workbook import xlsx_response

from . import charts, compliance, exports, heat, selectors

@login_required
def org_due(request, org_id):
    """A branch's next due items for the current periods."""
    org = gk.get_visible_or_404(gk.visible_orgs(request.user), pk=org_id)
    items, _rows = compliance.current_items(gk.visible_orgs(request.user).filter(pk=org.pk))
    items.sort(key=lambda i: (i.done >= i.required, i.deadline))
    return render(request, "records/due.html", {"org": org, "items": items,
                                                "can_change": gk.can(request.user, gk.CHANGE_REGISTRY, org)})


EXPORT_ALL = 10_000_000     # "every open item" as a LIMIT: the export is one statement whatever the size


def _gaps_orgs(request):
    """The visible orgs the gaps cover, narrowed to the unit the GET names (else all units)."""
    orgs = gk.visible_orgs(request.user)
    unit_id = request.GET.get("unit", "")
    if unit_id.isascii() and unit_id.isdigit() and len(unit_id) < 16:
        return orgs.filter(unit_id=unit_id), unit_id
    return orgs, ""


@login_required
def gaps(request):
    """Across the branches a user can see: what is still open this period, soonest first."""
    gk.require(request.user, gk.VIEW_REGISTRY)
    orgs, unit_id = _gaps_orgs(request)
    # paged in the database (LIMIT/OFFSET beside the totals); past the end: the last page
    number = request.GET.get("page", "")
    number = max(int(number), 1) if number.isascii() and number.isdigit() and len(number) < 7 else 1
    scope = f"unit={unit_id}"
    gaps = selectors.gaps(request.user, orgs, scope, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    page = Paginator(range(gaps.open_count), PAGE_SIZE).get_page(number)
    if page.number != number:
        gaps = selectors.gaps(request.user, orgs, scope, limit=PAGE_SIZE, offset=(page.number - 1) * PAGE_SIZE)
    commitments_due, commitments_total = todo_due(request.user, orgs)     # the three-ones items due soon, too
    return render(request, "records/gaps.html", {
        "commitments_due": commitments_due, "commitments_due_total": commitments_total,
        "items": gaps.items, "page": page, "query": query_without_page(request),
        "open_count": gaps.open_count, "summary": gaps.summary,
        # 1,820 options for the committee: plain pairs, compared as numbers
        "units": gk.visible_units(request.user).values_list("id", "name"), "unit_pk": int(unit_id or 0),
    })


@login_required
@require_GET
def gaps_export(request):
    """Every open item of the gaps page (all its pages, in its order) and its totals."""
    gk.require(request.user, gk.VIEW_REGISTRY)
    orgs, unit_id = _gaps_orgs(request)
    scope = f"unit={unit_id}"
    every = selectors.gaps(request.user, orgs, scope, limit=EXPORT_ALL)      # one statement, every page
    data = exports.gaps_export(user=request.user, gaps=every, scope=scope, request=request)
    return xlsx_response(data, _("本期待开展事项.xlsx"))


def _picture_params(request):
    """(year, heat table, picture, error): the picture of the year the GET asks, its heat table
    filtered and sorted as asked; a forged sort key or filter gives an error message (the
    page then shows the default table with a 400)."""
    today = date.today()
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        year = today.year - 1
    year = min(max(year, 2000), today.year)
    picture = selectors.committee_picture(request.user, year, today)
    divisions = unit_divisions(picture_scheme(year))
    rule_ids = [r.id for r in picture["rules"]]
    sort = request.GET.get("sort") or "unit"
    error = ""
    if heat.parse_sort(sort, rule_ids) is None:
        sort, error = "unit", _("排序方式不正确，已按单位显示。")
    zone_id, division_id = _choice(request, "zone"), _choice(request, "division")
    zones = {zid for zid, _name, _cells in picture["zone_rows"]}
    if zone_id is False or (zone_id is not None and zone_id not in zones):
        zone_id, error = None, _("协作区不正确，已显示全部协作区。")
    if division_id is False or (division_id is not None and division_id not in dict(divisions["choices"])):
        division_id, error = None, _("赛区不正确，已显示全部赛区。")
    table = selectors.heat_table(picture, divisions, zone_id=zone_id, division_id=division_id, sort=sort)
    return year, table, picture, error


def _choice(request, name):
    """An id from the GET, None when absent, False when it is not a number."""
    value = request.GET.get(name, "")
    if not value:
        return None
    if value.isascii() and value.isdigit() and len(value) < 16:
        return int(value)
    return False


HEAT_PAGE = 100     # units per page of the heat table (a province has 1,820); the export holds them all


@login_required
@require_GET
def committee_picture(request):
    """The committee's picture: a heat table of units × rules (share of periods kept), with
    each unit's zone and assessment division, sortable and filterable on the server; and the
    zones side by side."""
    gk.require(request.user, gk.VIEW_PICTURE)
    year, table, picture, error = _picture_params(request)
    today = date.today()
    last_months = selectors.picture_months(request.user, year - 1, today)    # the monthly rules only
    drawn = [pagecharts.render(charts.picture_trend(year, picture["months"], last_months)),
             pagecharts.render(charts.zones_side_by_side(picture))]
    return render(request, "records/picture.html", picture | {
        "charts": drawn, "page": paginate(request, table.rows, per_page=HEAT_PAGE), "query": query_without_page(request),
        "year": year, "years": list(range(today.year, today.year - 5, -1)), "table": table, "error": error,
        "headers": picture_headers(request, table, picture["rules"]), "bands": heat.BANDS,
        "zone_bars": [(name, [(cell, heat.percent(cell)) for cell in cells])
                      for _zid, name, cells in picture["zone_rows"]],
        "city": [(r, picture["periods"].get(r.rule.id)) for r in picture["results"]],
        "export_query": query_without_page(request),
    }, status=400 if error else 200)


@login_required
@require_GET
def committee_picture_export(request):
    """The heat table's rows as a workbook: the same selector, filter and sort as the page."""
    gk.require(request.user, gk.VIEW_PICTURE)
    year, table, picture, error = _picture_params(request)
    if error:
        return render(request, "records/bad_request.html", {"error": error, "back": reverse("records:picture")}, status=400)
    data = exports.picture_export(user=request.user, year=year, table=table, rules=picture["rules"],
                                  zone_rows=picture["zone_rows"], request=request)
    return xlsx_response(data, _("%(year)d年组织生活落实情况.xlsx") % {"year": year})


def picture_headers(request, table, rules):
    """The heat table's column headers: (label, hint, link, aria-sort) per column; a link
    sorts by its column, ascending first, descending when it is already ascending."""
    query = request.GET.copy()
    query.pop("page", None)                 # a new order starts on its first page
    out = []
    columns = [("unit", _("单位"), ""), ("zone", _("协作区"), ""), ("division", _("赛区"), "")]
    columns += [(f"rule{r.id}", r.kind.name, r.get_period_display()) for r in rules]
    for key, label, hint in columns:
        current = table.column == key
        query["sort"] = f"-{key}" if current and not table.descending else key
        aria = ("descending" if table.descending else "ascending") if current else ""
        out.append((label, hint, f"?{query.urlencode()}", aria))
    return out
