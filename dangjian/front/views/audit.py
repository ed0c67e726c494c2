"""The audit log, for the audit admin only. Entries are read here, never changed."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import VIEW_AUDIT
from dangjian.audit.models import AuditEntry

from dangjian.lib.paging import paginate, query_without_page
from ..forms import AuditFilterForm


def _filter(entries, data):
    if data["username"]:
        entries = entries.filter(username__icontains=data["username"])
    if data["action"]:
        entries = entries.filter(action=data["action"])
    if data["date_from"]:
        entries = entries.filter(at__date__gte=data["date_from"])
    if data["date_to"]:
        entries = entries.filter(at__date__lte=data["date_to"])
    if data["success"]:
        entries = entries.filter(success=data["success"] == "1")
    return entries


@login_required
@require_safe
def audit_log(request):
    gatekeeper.require(request.user, VIEW_AUDIT)
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    form = AuditFilterForm(request.GET or None, actions=actions)
    entries = AuditEntry.objects.all()
    status = 200
    if form.is_bound and not form.is_valid():
        entries, status = entries.none(), 400
    elif form.is_bound:
        entries = _filter(entries, form.cleaned_data)
    context = {"form": form, "page": paginate(request, entries), "query": query_without_page(request)}
    return render(request, "front/audit_log.html", context, status=status)
