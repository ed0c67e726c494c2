from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import require
from dangjian.accounts.roles import WRITE_REVIEW
from dangjian.jobs.services import job_start

from . import jobs, scope


@login_required
def annual(request):
    """Pick a year and a scope in reach (the city, a zone, a unit); the review is written by a
    background job. A forged or out-of-reach scope is refused with 400 and nothing is queued."""
    require(request.user, WRITE_REVIEW)
    today = date.today()
    years = list(range(today.year, today.year - 5, -1))
    choices = scope.choices(request.user)
    selected = {"year": today.year - 1, "scope": choices[0][0] if choices else ""}
    error = ""
    if request.method == "POST":
        value = request.POST.get("year", "")
        selected = {"year": int(value) if value.isascii() and value.isdigit() and len(value) < 6 else value,
                    "scope": request.POST.get("scope", "")}
        try:
            if not (value.isascii() and value.isdigit() and int(value) in years):
                raise ValidationError(_("年度不正确，请选择 %(a)d—%(b)d 年。") % {"a": years[-1], "b": years[0]})
            picked = scope.resolve(request.user, selected["scope"])
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            job = job_start(user=request.user, kind=jobs.KIND, params={"year": int(value), "scope": picked.value},
                            scope=picked.name, request=request)
            return redirect("jobs:detail", pk=job.pk)
        if selected["year"] not in years:
            selected["year"] = today.year - 1
    return render(request, "reports/annual.html", {"years": years, "choices": choices, "selected": selected,
                                                   "error": error}, status=400 if error else 200)
