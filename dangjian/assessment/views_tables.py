"""赛区排名: each division's ranked table of units (ties shown as ties), and its workbook.

Ranks are those of the whole division; a zone lead sees only its zone's rows, with the
division's ranks. Units only: no person is ranked anywhere.
"""
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_ASSESSMENT

from . import selectors
from .tables_xlsx import division_export
from .views import _scheme_pk

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _tables(request):
    gatekeeper.require(request.user, VIEW_ASSESSMENT)
    scheme = selectors.current_scheme(pk=_scheme_pk(request))
    if scheme is None:
        return None, []
    results, rows = selectors.results_for(request.user, scheme)
    tables = selectors.division_tables(rows)
    # ties over the whole division, also where the user sees only some of its rows
    counts = Counter((r.division, r.rank) for r in results.bodies if r.rank is not None)
    for _division, table in tables:
        for row in table:
            row.tied = counts.get((row.division, row.rank), 0) > 1
            row.grade_label = selectors.GRADE_LABELS.get(row.grade, "")
            row.veto_label = selectors.VETO_LABELS.get(row.veto, "")
    return scheme, tables


@login_required
@require_GET
def division_tables(request):
    scheme, tables = _tables(request)
    schemes = selectors.published_schemes().order_by("-year", "kind", "-version")
    return render(request, "assessment/tables.html", {
        "scheme": scheme, "tables": tables, "schemes": schemes})


@login_required
@require_GET
def division_tables_export(request):
    scheme, tables = _tables(request)
    if scheme is None:
        raise Http404
    data = division_export(user=request.user, scheme=scheme, tables=tables, grade_labels=selectors.GRADE_LABELS,
                           veto_labels=selectors.VETO_LABELS, request=request)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, _("%(scheme)s赛区排名.xlsx") % {"scheme": f"{scheme.year}{scheme.title}"})
    return response
