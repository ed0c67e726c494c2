"""Changing a member's record and transferring a member: through the orgs services only."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from dangjian.accounts import gatekeeper
from dangjian.lib.edits import is_stale
from dangjian.lib.forms import add_service_errors, posted
from dangjian.lib.widgets import offer_by_unit
from dangjian.orgs import services
from dangjian.orgs.services import MEMBER_FIELDS

from ..access import get_rw_member_for_user
from ..forms import MemberForm, TransferForm


@sensitive_post_parameters("id_number", "phone")   # never in error reports
@login_required
def member_edit(request, pk):
    member = get_rw_member_for_user(request.user, pk)
    initial = {f: getattr(member, f) for f in MEMBER_FIELDS} | {"version": member.version}
    form = MemberForm(posted(request), initial=initial)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            fields = {f: data[f] for f in MEMBER_FIELDS}
            try:
                services.member_update(user=request.user, member=member, request=request,
                                       id_number=data["id_number"] or None, phone=data["phone"] or None,
                                       version=data["version"], **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 409 if is_stale(exc) else 400
            else:
                messages.success(request, _("已保存。"))
                return redirect("member_detail", pk=member.pk)
        member.refresh_from_db()
        return render(request, "front/member_edit.html", {"member": member, "form": form}, status=status)
    return render(request, "front/member_edit.html", {"member": member, "form": form})


@login_required
def member_transfer(request, pk):
    member = get_rw_member_for_user(request.user, pk)
    branches = (gatekeeper.writable_orgs(request.user).branches().active()
                .exclude(pk=member.branch_id).select_related("unit").order_by("unit__sort", "unit_id", "path"))
    form = TransferForm(posted(request), branches=branches, initial={"version": member.version})
    units, unit_id = offer_by_unit(request, form.fields["to_branch"].widget, branches, member.branch.unit_id)
    context = {"member": member, "form": form, "units": units, "unit_id": unit_id}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.member_transfer(user=request.user, member=member, to_branch=data["to_branch"],
                                         moved_on=data["moved_on"], reason=data["reason"],
                                         version=data["version"], request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 409 if is_stale(exc) else 400
            else:
                messages.success(request, _("已转入 %(b)s。") % {"b": data["to_branch"].name})
                return redirect("member_detail", pk=member.pk)
        member.refresh_from_db()
        return render(request, "front/member_transfer.html", context, status=status)
    return render(request, "front/member_transfer.html", context)
