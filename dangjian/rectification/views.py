"""Pages of rectification: the department's list of what it raised, raising a problem (from
scratch or from one of its deductions), the detail with its history and the forms of whoever
may act, the unit's list, and the committee's counts.

Outside a user's reach a problem does not exist (404, ``selectors.visible_problems``); a page
the user's roles do not open is a 403; bad input re-renders with Chinese messages and a 400.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.models import Department
from dangjian.accounts.roles import RAISE_RECTIFICATION, RECTIFICATION_COUNTS, REPORT_RECTIFICATION
from dangjian.assessment.models import Indicator, LedgerEntry
from dangjian.lib.filetypes import download_response
from dangjian.lib.forms import add_service_errors, posted
from dangjian.lib.paging import paginate, query_without_page

from . import rules, selectors, services
from .forms import ListFilter, ProblemForm, ReportForm, SendBackForm, VerifyForm


def _key(value):
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


@login_required
def index(request):
    """The nav's one entry: the page of the user's side."""
    user = request.user
    for perm, name in ((RAISE_RECTIFICATION, "rectification:raised"), (REPORT_RECTIFICATION, "rectification:unit"),
                       (RECTIFICATION_COUNTS, "rectification:overview")):
        if gatekeeper.can(user, perm):
            return redirect(name)
    raise PermissionDenied


def _mark(page, today):
    for p in page:
        p.overdue = p.overdue_on(today)
        p.days_late = rules.days_overdue(p.deadline, today) if p.overdue else 0
    return page


def _list(request, queryset, template, **context):
    today = timezone.localdate()
    flt = ListFilter(request.GET)
    status, overdue = "", False
    if flt.is_valid():
        status, overdue = flt.cleaned_data["status"], flt.cleaned_data["overdue"]
    page = paginate(request, selectors.listed(queryset, status=status, overdue=overdue, on=today))
    return render(request, template, {"filter": flt, "page": _mark(page, today), "query": query_without_page(request),
                                      "today": today, **context})


@login_required
def raised(request):
    """The problems the user's departments raised, soonest deadline first."""
    gatekeeper.require(request.user, RAISE_RECTIFICATION)
    return _list(request, selectors.department_problems(request.user), "rectification/raised.html")


@login_required
def unit_list(request):
    """The problems of the user's unit, with the way to report one done."""
    gatekeeper.require(request.user, REPORT_RECTIFICATION)
    return _list(request, selectors.unit_problems(request.user), "rectification/unit.html")


def _source_entry(request):
    """The deduction a problem is raised from (``?entry=``): one of the user's departments'
    live deductions on a unit, else 404."""
    pk = _key(request.GET.get("entry", ""))
    if pk is None:
        return None
    entries = LedgerEntry.objects.filter(department_id__in=sorted(selectors.raising_departments(request.user)),
                                         indicator__kind=Indicator.Kind.DEDUCTION, reverses__isnull=True,
                                         reversed_by__isnull=True, body__unit__isnull=False)
    return gatekeeper.get_visible_or_404(entries.select_related("department", "indicator", "body__unit"), pk=pk)


def _chosen_unit(request):
    """The unit of step two: ``?unit=`` in the address (a forged one is a 404), else the form's
    hidden ``unit`` (a forged one sends the user back to step one with a 400)."""
    visible = gatekeeper.visible_units(request.user)
    if "unit" in request.GET:
        pk = _key(request.GET.get("unit", ""))
        return None if pk is None else gatekeeper.get_visible_or_404(visible, pk=pk)
    pk = _key(request.POST.get("unit", "")) if request.method == "POST" else None
    return None if pk is None else visible.filter(pk=pk).first()


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Step one picks the unit (``?unit=``) unless the problem comes from a deduction
    (``?entry=``); step two is the form, with the unit's party orgs to choose from."""
    user = request.user
    gatekeeper.require(user, RAISE_RECTIFICATION)
    entry = _source_entry(request)
    departments = list(Department.objects.filter(pk__in=sorted(selectors.raising_departments(user))))
    if entry is not None:
        unit = entry.body.unit
    else:
        unit = _chosen_unit(request)
        if unit is None:
            units = gatekeeper.visible_units(user).order_by("sort", "id")
            posted_bad = request.method == "POST"
            return render(request, "rectification/choose_unit.html",
                          {"units": units, "error": _("请选择单位。") if posted_bad else ""},
                          status=400 if posted_bad else 200)
    initial = {"department": departments[0].pk if len(departments) == 1 else None}
    if entry is not None:
        initial.update(department=entry.department_id, source="assessment", description=entry.fact)
    form = ProblemForm(posted(request), unit=unit, departments=departments, entry=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.problem_create(
                user=user, department=data["department"], unit=unit, org=data["org"], source=data["source"],
                entry=entry, raised_on=data["raised_on"], description=data["description"],
                measures=data["measures"], owner=data["owner"], deadline=data["deadline"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已提出整改问题，单位可在“问题整改”中查看。"))
            return redirect("rectification:detail", problem.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "rectification/create.html", {"form": form, "unit": unit, "entry": entry}, status=status)


def _visible(request, pk):
    qs = selectors.visible_problems(request.user).select_related("unit", "org", "department", "entry__indicator")
    return gatekeeper.get_visible_or_404(qs, pk=pk)


def _detail(request, problem, *, report_form=None, verify_form=None, send_back_form=None, errors=(), status=200):
    user = request.user
    today = timezone.localdate()
    raiser = problem.department_id in selectors.raising_departments(user)
    unit_side = gatekeeper.can(user, REPORT_RECTIFICATION, problem)
    can_report = unit_side and problem.status == rules.OPEN
    can_decide = raiser and problem.status == rules.DONE
    return render(request, "rectification/detail.html", {
        "problem": problem, "history": selectors.history(problem), "overdue": problem.overdue_on(today),
        "days_late": rules.days_overdue(problem.deadline, today),
        "report_form": (report_form or ReportForm()) if can_report else None,
        "verify_form": (verify_form or VerifyForm()) if can_decide else None,
        "send_back_form": (send_back_form or SendBackForm()) if can_decide else None,
        "errors": errors,
        "back": reverse("rectification:raised" if raiser else "rectification:unit"),
    }, status=status)


@login_required
def detail(request, pk):
    return _detail(request, _visible(request, pk))


def _act(request, pk, form_class, form_key, call):
    problem = _visible(request, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(problem, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("rectification:detail", pk)
    problem.refresh_from_db()
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return _detail(request, problem, status=400, errors=errors, **{form_key: form})


@login_required
@require_POST
def report(request, pk):
    def call(problem, data):
        services.problem_report_done(user=request.user, problem=problem, note=data["note"],
                                     evidence=data["evidence"], request=request)
        messages.success(request, _("已报告整改完成，待提出部门验收。"))
    return _act(request, pk, ReportForm, "report_form", call)


@login_required
@require_POST
def verify(request, pk):
    def call(problem, data):
        services.problem_verify(user=request.user, problem=problem, note=data["note"], request=request)
        messages.success(request, _("已验收销号。"))
    return _act(request, pk, VerifyForm, "verify_form", call)


@login_required
@require_POST
def send_back(request, pk):
    def call(problem, data):
        services.problem_send_back(user=request.user, problem=problem, reason=data["note"], request=request)
        messages.success(request, _("已退回单位重新整改。"))
    return _act(request, pk, SendBackForm, "send_back_form", call)


@login_required
def evidence(request, pk):
    """The unit's evidence file: always a download, to whoever sees the problem."""
    problem = _visible(request, pk)
    return download_response(problem.evidence, problem.evidence_name or "evidence")


@login_required
def overview(request):
    """The committee's picture: counts by status and overdue by zone, not the content."""
    gatekeeper.require(request.user, RECTIFICATION_COUNTS)
    return render(request, "rectification/overview.html", {"counts": selectors.committee_counts()})
