"""年度主要数据: the headline counts of a year for the committee, and their workbook."""
from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dangjian.accounts import gatekeeper as gk
from dangjian.lib.workbook import xlsx_response

from dangjian.lib import pagecharts

from .annual import annual_numbers, month_chart
from .xlsx import annual_export

FIRST_YEAR = 2000


def _year(request):
    """(year, error) from the GET: last year by default; a forged one is an error."""
    today = date.today()
    value = request.GET.get("year", "")
    if not value:
        return today.year - 1, ""
    if value.isascii() and value.isdigit() and len(value) == 4 and FIRST_YEAR <= int(value) <= today.year:
        return int(value), ""
    return today.year - 1, _("年度不正确，请选择 %(a)d—%(b)d 年。") % {"a": FIRST_YEAR, "b": today.year}


@login_required
@require_GET
def annual(request):
    gk.require(request.user, gk.VIEW_PICTURE)
    year, error = _year(request)
    today = date.today()
    return render(request, "figures/annual.html", {
        "year": year, "error": error, "figures": annual_numbers(request.user, year),
        "month_chart": pagecharts.render(month_chart(request.user, year)),
        "years": list(range(today.year, today.year - 5, -1))}, status=400 if error else 200)


@login_required
@require_GET
def annual_xlsx(request):
    gk.require(request.user, gk.VIEW_PICTURE)
    year, error = _year(request)
    if error:
        return render(request, "records/bad_request.html", {"error": error, "back": "."}, status=400)
    data = annual_export(user=request.user, year=year, figures=annual_numbers(request.user, year), request=request)
    return xlsx_response(data, _("%(y)d年主要数据.xlsx") % {"y": year})
