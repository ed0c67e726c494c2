from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import require
from dangjian.accounts.roles import WRITE_REVIEW
from dangjian.jobs.services import job_start

from . import jobs
from .scope import scope_of


@login_required
def annual(request):
    """Pick a year; the review of the user's reach is written by a background job."""
    require(request.user, WRITE_REVIEW)
    today = date.today()
    years = list(range(today.year, today.year - 5, -1))
    name, _citywide = scope_of(request.user)
    error = ""
    if request.method == "POST":
        value = request.POST.get("year", "")
        if value.isascii() and value.isdigit() and int(value) in years:
            job = job_start(user=request.user, kind=jobs.KIND, params={"year": int(value)}, scope=name,
                            request=request)
            return redirect("jobs:detail", pk=job.pk)
        error = _("年度不正确，请选择 %(a)d—%(b)d 年。") % {"a": years[-1], "b": years[0]}
    return render(request, "reports/annual.html", {"years": years, "scope_name": name, "error": error,
                                                   "selected": today.year - 1}, status=400 if error else 200)
