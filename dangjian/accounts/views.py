from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.lib.client_ip import parse_ip
from dangjian.lib.forms import posted

from . import changes, gatekeeper, services
from .forms import LoginForm, PasswordChangeForm, UnlockForm
from .throttle import paused_clients


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, posted(request), request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=request.user, new_password=form.cleaned_data["new_password"],
                                     request=request)
        except ValidationError as exc:
            form.add_error("new_password", exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form}, status=400 if form.is_bound else 200)


@login_required
def security_accounts(request):
    """The security admin's page: changes waiting for confirmation, and paused sign-ins."""
    gatekeeper.require(request.user, gatekeeper.MANAGE_SECURITY)
    return _security_page(request)


def _security_page(request, status=200):
    return render(request, "accounts/security.html", {
        "pending": changes.pending_changes().order_by("requested_at", "id"),
        "paused": paused_clients(),
    }, status=status)


@login_required
@require_POST
def security_unlock(request):
    gatekeeper.require(request.user, gatekeeper.MANAGE_SECURITY)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return _security_page(request, status=400)
    username = form.cleaned_data["username"]
    ip = parse_ip(form.cleaned_data["ip"] or "")
    try:
        services.throttle_reset(by=request.user, username=username, ip_address=ip and str(ip), request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _security_page(request, status=400)
    messages.success(request, _("已解除 %(who)s 的登录限制。") % {"who": username or str(ip)})
    return redirect("security_accounts")


@login_required
@require_POST
def security_decide(request, change_id, decision):
    gatekeeper.require(request.user, gatekeeper.MANAGE_SECURITY)
    change = gatekeeper.get_visible_or_404(changes.pending_changes(), pk=change_id)
    decide = changes.pending_change_confirm if decision == "confirm" else changes.pending_change_reject
    try:
        decide(by=request.user, change=change, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _security_page(request, status=400)
    if decision == "confirm":
        messages.success(request, _("已确认：%(c)s") % {"c": change.target})
    else:
        messages.success(request, _("已驳回：%(c)s") % {"c": change.target})
    return redirect("security_accounts")
