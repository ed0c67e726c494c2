"""Django admin as the committee's configuration screen, behind the gatekeeper.

Every app's admin module registers its models with ``GatekeptAdmin``; the site itself asks
the gatekeeper who gets in.

Nobody here is is_staff or is_superuser: who gets in, and to which models, is decided by
``gatekeeper.can`` alone (the system admin for accounts, the committee admin for the
registry). Every save and delete made through admin goes to the audit log with a diff.
"""
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from dangjian.audit.services import audit_log, diff, snapshot
from dangjian.lib.forms import with_clean_text

from . import gatekeeper
from .gatekeeper import CONFIGURE, MANAGE_ACCOUNTS

ADMIN_PERMS = (MANAGE_ACCOUNTS, CONFIGURE)


def site_has_permission(request):
    user = request.user
    return user.is_active and user.is_authenticated and any(gatekeeper.can(user, p) for p in ADMIN_PERMS)


def site_login(request, extra_context=None):
    """Admin has no login of its own: the platform's login, then 403 for everyone not allowed."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    target = target or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if site_has_permission(request):
        return redirect(target)
    raise PermissionDenied


admin.site.has_permission = site_has_permission
admin.site.login = site_login
admin.site.site_header = _("机关党建工作平台 · 系统配置")
admin.site.site_title = _("系统配置")
admin.site.index_title = _("系统配置")
admin.site.site_url = "/"


def with_row_labels(form_class):
    """A list-editable row's inputs sit in table cells with no <label>: name each by its column and
    its row ("排序：主题党日"), so a screen reader says what it changes (WCAG 1.3.1, 4.1.2)."""
    class RowLabelled(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                if not field.widget.is_hidden:
                    field.widget.attrs["aria-label"] = f"{field.label}：{self.instance}"

    RowLabelled.__name__ = form_class.__name__
    return RowLabelled


class GatekeptAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rights come from the gatekeeper and whose writes are audited."""

    gate_perm = CONFIGURE
    allow_add = allow_change = allow_delete = True
    audit_exclude = ()
    audit_verbs = {"create": "create", "update": "update", "delete": "delete"}

    def _allowed(self, request):
        return gatekeeper.can(request.user, self.gate_perm)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self.allow_add and self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self.allow_change and self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self._allowed(request)

    # Text saved through admin is cleaned as on every other form (lib/forms.py, lib/text.py).
    def get_form(self, request, obj=None, **kwargs):
        return with_clean_text(super().get_form(request, obj, **kwargs))

    def get_changelist_form(self, request, **kwargs):
        return with_row_labels(with_clean_text(super().get_changelist_form(request, **kwargs)))

    def _audit(self, request, verb, obj, before, after):
        action = f"{obj._meta.model_name}.{self.audit_verbs[verb]}"
        audit_log(user=request.user, action=action, obj=obj, changes=diff(before, after), request=request)

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk), exclude=self.audit_exclude) if change else {}
        super().save_model(request, obj, form, change)
        self._audit(request, "update" if change else "create", obj, before, snapshot(obj, exclude=self.audit_exclude))

    def delete_model(self, request, obj):
        self._audit(request, "delete", obj, snapshot(obj, exclude=self.audit_exclude), {})
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, "delete", obj, snapshot(obj, exclude=self.audit_exclude), {})
        super().delete_queryset(request, queryset)
