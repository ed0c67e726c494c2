"""考核部门工作台: a department's indicators of the current daily scheme, the units scored on
each, one short form for one fact, and its recent entries with a reverse action.

Writes go through the ledger services, whose gatekeeper check answers 403 for an indicator of
another department; bad input re-renders the desk with Chinese messages and a 400.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import SCORE, VIEW_ASSESSMENT
from dangjian.lib.forms import add_service_errors, posted

from . import selectors
from .forms import EntryForm, ReverseForm
from .models import LedgerEntry
from .services import ledger_entry_create, ledger_entry_reverse


def _desk_scheme(request):
    gatekeeper.require(request.user, SCORE)
    return selectors.current_scheme(pk=_scheme_pk(request))


def _scheme_pk(request):
    value = request.GET.get("scheme", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _desk(request, scheme, *, form=None, reverse_error="", status=200):
    user = request.user
    context = {"scheme": scheme}
    if scheme is not None:
        departments = gatekeeper.department_ids(user)
        owned = selectors.department_indicators(scheme, departments)
        sums = selectors.desk_sums(scheme, departments)
        context.update({
            "form": form or EntryForm(scheme=scheme, owned=owned, bodies=selectors.scheme_bodies(scheme)),
            "indicators": [(i, *sums.get(i.pk, ([], 0))) for i in owned],
            "recent": selectors.desk_recent(scheme, departments),
            "reverse_error": reverse_error,
        })
    return render(request, "assessment/desk.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def desk(request):
    user = request.user
    scheme = _desk_scheme(request)
    if request.method == "GET" or scheme is None:
        return _desk(request, scheme, status=200 if request.method == "GET" else 400)
    departments = gatekeeper.department_ids(user)
    owned = selectors.department_indicators(scheme, departments)
    form = EntryForm(posted(request), scheme=scheme, owned=owned, bodies=selectors.scheme_bodies(scheme))
    if form.is_valid():
        data = form.cleaned_data
        try:
            ledger_entry_create(user=user, indicator=data["indicator"], body=data["body"], fact=data["fact"],
                                occurred_on=data["occurred_on"], case_ref=data["case_ref"], evidence=data["evidence"],
                                severity=data.get("severity", ""), points=data["points"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录。"))
            return redirect(request.get_full_path())
    return _desk(request, scheme, form=form, status=400)


@login_required
@require_POST
def entry_reverse(request, pk):
    """Reverse one entry with a reason. An entry outside the user's reach is a 404; one of
    another department's indicators a 403 (the service's gatekeeper)."""
    user = request.user
    entries = LedgerEntry.objects.filter(body__in=gatekeeper.visible_bodies(user, VIEW_ASSESSMENT))
    entry = gatekeeper.get_visible_or_404(entries.select_related("indicator", "scheme"), pk=pk)
    gatekeeper.require(user, SCORE, entry.indicator)
    form = ReverseForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            ledger_entry_reverse(user=user, entry=entry, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("请写明冲销理由。")
    if error:
        return _desk(request, entry.scheme, reverse_error=error, status=400)
    messages.success(request, _("已冲销。"))
    return redirect("assessment:desk")
