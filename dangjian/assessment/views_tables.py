"""赛区排名: each division's ranked table of units (ties shown as ties), a chart of the grades
of the rows shown per division, and its workbook.

Ranks are those of the whole division; a zone lead sees only its zone's rows, with the
division's ranks. Units only: no person is ranked anywhere.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_ASSESSMENT

from dangjian.jobs.services import job_start
from dangjian.lib import pagecharts

from . import charts, jobs, selectors
from .tables_xlsx import division_export
from .views import _scheme_pk

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _tables(request):
    gatekeeper.require(request.user, VIEW_ASSESSMENT)
    scheme = selectors.current_scheme(pk=_scheme_pk(request))
    if scheme is None:
        return None, []
    return scheme, selectors.ranked_tables(request.user, scheme)


@login_required
@require_GET
def division_tables(request):
    scheme, tables = _tables(request)
    schemes = selectors.published_schemes().order_by("-year", "kind", "-version")
    grades = pagecharts.render(charts.grades_chart(tables)) if tables else None
    return render(request, "assessment/tables.html", {
        "scheme": scheme, "tables": tables, "schemes": schemes, "grades_chart": grades})


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


@login_required
@require_POST
def division_tables_export_job(request):
    """后台导出: the same workbook as a background job (province-scale tables take a while)."""
    gatekeeper.require(request.user, VIEW_ASSESSMENT)
    value = request.POST.get("scheme", "")
    scheme = selectors.current_scheme(pk=int(value)) if value.isdigit() and len(value) < 10 else None
    if scheme is None:
        raise Http404
    job = job_start(user=request.user, kind=jobs.KIND, params={"scheme": scheme.pk},
                    scope=f"{scheme.year}{scheme.title}", request=request)
    return redirect("jobs:detail", pk=job.pk)
