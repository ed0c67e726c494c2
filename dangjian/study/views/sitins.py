"""Sit-ins at the units' central group study: the year's plan, coverage, and the checklist."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_SIT_INS, VIEW_STUDY_PLAN
from dangjian.lib import pagecharts
from dangjian.lib.workbook import xlsx_response

from .. import charts, services
from ..exports import coverage_export
from ..access import activity_url, can_configure, get_sit_in, require_configure, require_study_plan
from ..forms import CancelForm, SitInCompleteForm, SitInFillForm, SitInForm, YearForm
from ..models import SitInStatus
from ..selectors import (
    active_checklist, committee_users, coverage, coverage_counts, missed_items, sit_ins_of_year,
    visible_sit_ins,
)
from .common import add_service_errors, paginate, posted, query_without_page, this_year


def _plan_context(request, form, year, status=None):
    user = request.user
    qs = sit_ins_of_year(visible_sit_ins(user), year)
    if status:
        qs = qs.filter(status=status)
    page = paginate(request, qs)
    plan_view = gatekeeper.can(user, VIEW_STUDY_PLAN)     # the committee-wide coverage
    return {"form": form, "year": year, "page": page, "sit_ins": page.object_list,
            "query": query_without_page(request), "coverage": coverage_counts(year) if plan_view else None,
            "can_configure": can_configure(user), "years": [year - 1, year, year + 1]}


@login_required
def sit_in_plan(request):
    """The year's sit-ins the user may see (visible_sit_ins, as the detail page)."""
    gatekeeper.require(request.user, VIEW_SIT_INS)
    form = YearForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = _plan_context(request, form, this_year())
        context["page"] = context["sit_ins"] = None
        return render(request, "study/sit_in_plan.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    year = data.get("year") or this_year()
    context = _plan_context(request, form, year, data.get("status"))
    if context["can_configure"]:
        context["fill_form"] = SitInFillForm(observers=committee_users(),
                                             initial={"start": f"{year}-03-01", "end": f"{year}-11-30"})
    return render(request, "study/sit_in_plan.html", context)


@login_required
@require_POST
def sit_in_fill(request, year):
    require_configure(request.user)
    form = SitInFillForm(request.POST, observers=committee_users())
    if form.is_valid():
        try:
            n = services.sit_in_plan_fill(user=request.user, year=year, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已为 %(n)d 个尚未安排的单位排定列席旁听计划，可逐个调整日期。") % {"n": n})
            return redirect(f"{reverse('study:sit_in_plan')}?year={year}")
    context = _plan_context(request, YearForm(), year)
    context["fill_form"] = form
    return render(request, "study/sit_in_plan.html", context, status=400)


def _coverage_year(request):
    """(form, year, status) of the coverage the GET asks for."""
    form = YearForm(request.GET or None)
    year = this_year()
    if form.is_bound:
        if not form.is_valid():
            return form, year, 400
        year = form.cleaned_data.get("year") or year
    return form, year, 200


@login_required
def sit_in_coverage(request):
    require_study_plan(request.user)
    form, year, status = _coverage_year(request)
    full = coverage(year)
    drawn = [pagecharts.render(charts.coverage_chart(full.zones, year)),
             pagecharts.render(charts.missed_items_chart(missed_items(visible_sit_ins(request.user), year), year))]
    return render(request, "study/coverage.html",
                  {"form": form, "year": year, "coverage": full, "years": [year - 1, year, year + 1],
                   "charts": drawn}, status=status)


@login_required
@require_GET
def sit_in_coverage_export(request):
    """The coverage page's tables as a workbook (the same selector), audited."""
    require_study_plan(request.user)
    form, year, status = _coverage_year(request)
    if status != 200:
        return HttpResponseBadRequest(_("年度不正确。"), content_type="text/plain; charset=utf-8")
    data = coverage_export(user=request.user, coverage=coverage(year), request=request)
    return xlsx_response(data, _("%(year)d年列席旁听覆盖情况.xlsx") % {"year": year})


@login_required
def sit_in_create(request):
    require_configure(request.user)
    form = SitInForm(posted(request), observers=committee_users(), initial={"unit": request.GET.get("unit")})
    if request.method == "POST":
        if form.is_valid():
            try:
                sit_in = services.sit_in_create(user=request.user, request=request, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已加入 %(y)d 年列席旁听计划。") % {"y": sit_in.plan.year})
                return redirect("study:sit_in_detail", pk=sit_in.pk)
        return render(request, "study/sit_in_form.html", {"form": form}, status=400)
    return render(request, "study/sit_in_form.html", {"form": form})


@login_required
def sit_in_detail(request, pk):
    user = request.user
    sit_in = get_sit_in(user, pk)
    context = {
        "sit_in": sit_in,
        "observers": sit_in.observers.all(),
        "results": sit_in.results.select_related("item"),
        "activity_url": activity_url(sit_in.activity_id),
        "can_configure": can_configure(user),
        "cancel_form": CancelForm(),
    }
    return render(request, "study/sit_in_detail.html", context)


@login_required
def sit_in_edit(request, pk):
    sit_in = get_sit_in(request.user, pk)
    require_configure(request.user)
    initial = {"planned_on": sit_in.planned_on, "topic": sit_in.topic, "note": sit_in.note,
               "observers": list(sit_in.observers.all())}
    form = SitInForm(posted(request), observers=committee_users(), fixed_unit=True, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.sit_in_update(user=request.user, sit_in=sit_in, request=request, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("study:sit_in_detail", pk=sit_in.pk)
        return render(request, "study/sit_in_form.html", {"form": form, "sit_in": sit_in}, status=400)
    return render(request, "study/sit_in_form.html", {"form": form, "sit_in": sit_in})


@login_required
def sit_in_complete(request, pk):
    sit_in = get_sit_in(request.user, pk)
    require_configure(request.user)
    if sit_in.status != SitInStatus.PLANNED:
        messages.error(request, _("该列席旁听已登记结果或已取消。"))
        return render(request, "study/sit_in_detail.html", {
            "sit_in": sit_in, "observers": sit_in.observers.all(), "activity_url": activity_url(sit_in.activity_id),
            "results": sit_in.results.select_related("item"), "can_configure": True}, status=409)
    form = SitInCompleteForm(posted(request), items=active_checklist(),
                             initial={"held_on": sit_in.planned_on, "topic": sit_in.topic})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.sit_in_complete(user=request.user, sit_in=sit_in, held_on=data["held_on"],
                                         results=form.results(), topic=data["topic"], note=data["note"],
                                         attendee_count=data["attendee_count"],
                                         create_record=data["create_record"], request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已登记列席旁听结果。"))
                return redirect("study:sit_in_detail", pk=sit_in.pk)
        return render(request, "study/sit_in_complete.html", {"form": form, "sit_in": sit_in}, status=400)
    return render(request, "study/sit_in_complete.html", {"form": form, "sit_in": sit_in})


@login_required
@require_POST
def sit_in_cancel(request, pk):
    sit_in = get_sit_in(request.user, pk)
    require_configure(request.user)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.sit_in_cancel(user=request.user, sit_in=sit_in, reason=form.cleaned_data["reason"],
                                   request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已取消。"))
            return redirect("study:sit_in_detail", pk=sit_in.pk)
    return render(request, "study/sit_in_detail.html", {
        "sit_in": sit_in, "observers": sit_in.observers.all(), "results": sit_in.results.select_related("item"),
        "activity_url": activity_url(sit_in.activity_id), "can_configure": True, "cancel_form": form}, status=400)
