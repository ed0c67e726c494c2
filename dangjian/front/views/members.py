"""Member list, member page and the audited "show full information" button."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY, UNMASK, VIEW_REGISTRY
from dangjian.lib import crypto
from dangjian.lib.paging import CappedPaginator, paginate, query_without_page
from dangjian.orgs.filters import MemberFilter
from dangjian.orgs.services import member_reveal as reveal

from ..access import get_member_for_user, members_for, orgs_for


@login_required
def member_list(request):
    user = request.user
    gatekeeper.require(user, VIEW_REGISTRY)
    branches = orgs_for(user).branches().select_related("unit")
    found = MemberFilter(request.GET, queryset=members_for(user).select_related("branch", "branch__unit"),
                         units=gatekeeper.visible_units(user), branches=branches)
    members, status, branch_choices = found.members(), 200, []
    if members is None:
        members, status = found.queryset.none(), 400
    elif found.form.cleaned_data["unit"]:
        branch_choices = branches.filter(unit=found.form.cleaned_data["unit"])
    page = paginate(request, members.order_by("branch__path", "id"), paginator_class=CappedPaginator)
    units = gatekeeper.visible_units(user).order_by("sort", "id").values_list("pk", "name")
    context = {"form": found.form, "page": page, "branch_choices": branch_choices, "units": units,
               "can_export": gatekeeper.can(user, gatekeeper.EXPORT),
               "query": query_without_page(request)}
    return render(request, "front/member_list.html", context, status=status)


def _detail_context(user, member, revealed=None):
    return {
        "member": member,
        "revealed": revealed,
        "transfers": member.transfers.select_related("from_branch", "to_branch"),
        "can_unmask": gatekeeper.can(user, UNMASK, member),
        "can_change": gatekeeper.can(user, CHANGE_REGISTRY, member),
    }


@login_required
def member_detail(request, pk):
    member = get_member_for_user(request.user, pk)
    return render(request, "front/member_detail.html", _detail_context(request.user, member))


@login_required
@require_POST
def member_reveal(request, pk):
    """Full ID number and phone for a permitted user; every reveal is written to the audit log."""
    member = get_member_for_user(request.user, pk)
    gatekeeper.require(request.user, UNMASK, member)
    status = 200
    try:
        revealed = reveal(user=request.user, member=member, request=request)
        context = _detail_context(request.user, member, revealed)
    except crypto.DecryptionFailed:
        context = _detail_context(request.user, member)
        context["reveal_error"] = _("无法解密该党员的身份证号和电话，本次查看未完成。请联系系统管理员核对数据密钥（DATA_KEY）。")
        # htmx swaps only 2xx answers into the page, so the message reaches it as a 200;
        # a plain page says what happened in its status as well
        status = 503
    if request.htmx:
        return render(request, "front/partials/member_personal.html", context)
    return render(request, "front/member_detail.html", context, status=status)
