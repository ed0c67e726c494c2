"""考核台账: the facts scored on the bodies in the user's reach (a unit sees its own, a zone
lead its zone, the committee and the departments all), paged, and the same rows as a workbook."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_ASSESSMENT
from dangjian.lib.paging import paginate, query_without_page
from dangjian.lib.workbook import xlsx_response

from . import selectors
from .ledger_xlsx import ledger_export
from .views import _scheme_pk


def _ledger(request):
    gatekeeper.require(request.user, VIEW_ASSESSMENT)
    scheme = selectors.current_scheme(pk=_scheme_pk(request))
    return scheme, (selectors.ledger_in_reach(request.user, scheme) if scheme is not None else None)


@login_required
@require_GET
def ledger(request):
    scheme, entries = _ledger(request)
    page = paginate(request, entries) if entries is not None else None
    if page is not None:
        for e in page.object_list:
            e.severity_label = selectors.severity_label(e.severity) if e.severity else ""
    return render(request, "assessment/ledger.html", {
        "scheme": scheme, "page": page, "entries": page.object_list if page else [],
        "query": query_without_page(request),
        "schemes": selectors.published_schemes().order_by("-year", "kind", "-version")})


@login_required
@require_GET
def ledger_xlsx(request):
    scheme, entries = _ledger(request)
    if scheme is None:
        raise Http404
    data = ledger_export(user=request.user, scheme=scheme, entries=entries, request=request)
    return xlsx_response(data, _("%(scheme)s考核台账.xlsx") % {"scheme": f"{scheme.year}{scheme.title}"})
