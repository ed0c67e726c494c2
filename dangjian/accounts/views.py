from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import gatekeeper, services
from .forms import LoginForm, PasswordChangeForm
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
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
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def security_accounts(request):
    """The security admin's page: locked accounts, with unlock."""
    gatekeeper.require(request.user, gatekeeper.MANAGE_SECURITY)
    locked = User.objects.filter(locked_until__gt=timezone.now()).order_by("username")
    return render(request, "accounts/security.html", {"locked": locked})


@login_required
@require_POST
def security_unlock(request, user_id):
    gatekeeper.require(request.user, gatekeeper.MANAGE_SECURITY)
    target = gatekeeper.get_visible_or_404(User.objects.all(), pk=user_id)
    services.user_unlock(by=request.user, user=target, request=request)
    messages.success(request, _("已解锁 %(u)s。") % {"u": target.username})
    return redirect("security_accounts")
