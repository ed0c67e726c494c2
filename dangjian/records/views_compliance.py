"""What is due, where the gaps are, and the committee's picture by zone and unit."""
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from dangjian.accounts import gatekeeper as gk
from dangjian.commitments.selectors import todo_due
from dangjian.lib.paging import PAGE_SIZE, query_without_page

from . import compliance, selectors

@login_required
def org_due(request, org_id):
    """A branch's next due items for the current periods."""
    org = gk.get_visible_or_404(gk.visible_orgs(request.user), pk=org_id)
    items, _rows = compliance.current_items(gk.visible_orgs(request.user).filter(pk=org.pk))
    items.sort(key=lambda i: (i.done >= i.required, i.deadline))
    return render(request, "records/due.html", {"org": org, "items": items,
                                                "can_change": gk.can(request.user, gk.CHANGE_REGISTRY, org)})


@login_required
def gaps(request):
    """Across the branches a user can see: what is still open this period, soonest first."""
    gk.require(request.user, gk.VIEW_REGISTRY)
    orgs = gk.visible_orgs(request.user)
    unit_id = request.GET.get("unit", "")
    if unit_id.isascii() and unit_id.isdigit() and len(unit_id) < 16:     # else: all units
        orgs = orgs.filter(unit_id=unit_id)
    else:
        unit_id = ""
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
def committee_picture(request):
    """The committee's picture: share of branches meeting each rule, by zone and by unit."""
    gk.require(request.user, gk.VIEW_REGISTRY)
    today = date.today()
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        year = today.year - 1
    year = min(max(year, 2000), today.year)
    picture = selectors.committee_picture(request.user, year, today)
    return render(request, "records/picture.html", picture | {
        "year": year, "years": list(range(today.year, today.year - 5, -1)),
    })
