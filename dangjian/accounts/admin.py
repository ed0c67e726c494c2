"""Accounts in admin: users and role grants for the system admin, assessing departments for
the committee. Users are disabled, never deleted, so the audit log keeps its people."""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.audit.services import audit_log
from dangjian.orgs.models import PartyOrg

from . import roles
from .admin_site import GatekeptAdmin
from .changes import grant_request, needs_confirmation, password_reset_request, pending_changes
from . import gatekeeper
from .gatekeeper import MANAGE_ACCOUNTS
from .models import COMMITTEE_WIDE_ROLES, SEPARATED_ROLES, Department, Membership, PendingChange, Role, User

SCOPE_ERRORS = {"org": _("该角色须指定党组织"), "zone": _("协作区牵头单位须指定协作区"),
                "department": _("考核部门角色须指定部门")}


@admin.register(Department)
class DepartmentAdmin(GatekeptAdmin):
    list_display = ["name", "sort"]
    search_fields = ["name"]

    def has_view_permission(self, request, obj=None):
        # the account admin grants department roles, and a grant's page links its department
        return super().has_view_permission(request, obj) or gatekeeper.can(request.user, MANAGE_ACCOUNTS)


@admin.register(User)
class UserAdmin(GatekeptAdmin, BaseUserAdmin):
    gate_perm = MANAGE_ACCOUNTS
    allow_delete = False
    audit_exclude = ("password", "last_login")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "first_name", "last_name", "email")}),
        (_("状态"), {"fields": ("is_active", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "display_name", "password1", "password2")}),)
    readonly_fields = ["date_joined", "password_changed_at"]
    list_display = ["username", "display_name", "email", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["username", "display_name"]
    filter_horizontal = []
    actions = None

    def save_model(self, request, obj, form, change):
        if not change:
            obj.password_changed_at = timezone.now()
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        if (request.method == "POST" and target is not None and target.pk != request.user.pk
                and self.has_change_permission(request, target) and needs_confirmation(target)):
            # Another admin's password: the new hash waits for the security admin.
            form = self.change_password_form(target, request.POST)
            if form.is_valid() and (form.cleaned_data["set_usable_password"] or "unset-password" in request.POST):
                form.save(commit=False)  # sets target.password in memory only
                try:
                    password_reset_request(by=request.user, user=target, password_hash=target.password,
                                           request=request)
                except ValidationError as exc:
                    messages.error(request, "；".join(exc.messages))
                else:
                    messages.info(request, _("已提交安全管理员确认，确认后新密码生效。"))
                return redirect("admin:accounts_user_change", target.pk)
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            user.password_changed_at = timezone.now()
            user.save(update_fields=["password_changed_at"])
            audit_log(user=request.user, action="user.password_reset", obj=user, request=request)
        return response


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name} · {obj.name}" if obj.unit_id else obj.name


class MembershipForm(forms.ModelForm):
    org = OrgChoiceField(label=_("党组织"), required=False,
                         queryset=PartyOrg.objects.filter(dissolved=False).select_related("unit")
                         .order_by("unit__sort", "unit_id", "path"))

    class Meta:
        model = Membership
        fields = ["user", "role", "org", "zone", "department", "can_unmask"]
        labels = {"user": _("用户")}  # the model field has no Chinese name of its own

    def clean(self):
        data = super().clean()
        role, user = data.get("role"), data.get("user")
        if not role or not user:
            return data
        needed = roles.spec(role).field
        if needed and not data.get(needed):
            self.add_error(needed, SCOPE_ERRORS[needed])
        others = set(Membership.objects.filter(user=user).exclude(pk=self.instance.pk)
                     .values_list("role", flat=True))
        separated = set(SEPARATED_ROLES)
        if others and (role in separated or others & separated) and others != {role}:
            raise forms.ValidationError(
                _("系统管理员、安全管理员、审计管理员三个角色互相分离，不能与其他角色兼任。"))
        scope = {k: data.get(k) for k in ("org", "zone", "department")}
        clash = Membership.objects.filter(user=user, role=role, **scope).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("该授权已存在"))
        if role in COMMITTEE_WIDE_ROLES:
            if self.instance.pk:
                raise forms.ValidationError(
                    _("工委范围的角色不能由修改得到：请新增授权，经安全管理员确认后生效。"))
            if data.get("org") or data.get("zone"):
                raise forms.ValidationError(_("工委范围的角色不指定党组织或协作区"))
            if pending_changes().filter(kind=PendingChange.Kind.GRANT, target=user, role=role,
                                        department=data.get("department")).exists():
                raise forms.ValidationError(_("同样的变更已在等待确认"))
        return data


@admin.register(Membership)
class MembershipAdmin(GatekeptAdmin):
    gate_perm = MANAGE_ACCOUNTS
    form = MembershipForm
    audit_verbs = {"create": "grant", "update": "update", "delete": "revoke"}
    list_display = ["account", "role", "org", "zone", "department", "can_unmask"]
    list_filter = ["role", "can_unmask"]
    list_select_related = ["user", "org", "zone", "department"]
    search_fields = ["user__username", "user__display_name"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("用户"), ordering="user__username")
    def account(self, obj):
        return obj.user

    def has_change_permission(self, request, obj=None):
        # A committee-wide grant is confirmed as it stands; to change it, revoke and ask anew.
        if obj is not None and obj.role in COMMITTEE_WIDE_ROLES:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change and obj.role in COMMITTEE_WIDE_ROLES:
            grant_request(by=request.user, user=obj.user, role=obj.role, department=obj.department,
                          can_unmask=obj.can_unmask, request=request)
            return  # nothing granted yet: the security admin confirms it
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        if obj.pk is not None:
            return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            messages.info(request, _("授权申请已提交，安全管理员确认后生效。"))
            return redirect("admin:accounts_membership_changelist")
        return super().response_add(request, obj, post_url_continue)


@admin.register(PendingChange)
class PendingChangeAdmin(GatekeptAdmin):
    """The system admin follows the requests; only the security admin decides (/security/)."""

    gate_perm = MANAGE_ACCOUNTS
    allow_add = allow_change = allow_delete = False
    list_display = ["requested_at", "kind", "target", "role", "department", "status", "requested_by",
                    "decided_by", "decided_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["target", "department", "requested_by", "decided_by"]
    exclude = ["password_hash"]
    actions = None
