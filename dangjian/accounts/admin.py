"""Accounts in admin: users and role grants for the system admin, assessing departments for
the committee. Users are disabled, never deleted, so the audit log keeps its people."""
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.admin.utils import unquote
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.audit.services import audit_log
from dangjian.orgs.models import PartyOrg

from . import roles
from .admin_site import GatekeptAdmin
from .gatekeeper import MANAGE_ACCOUNTS
from .models import SEPARATED_ROLES, Department, Membership, User

SCOPE_ERRORS = {"org": _("该角色须指定党组织"), "zone": _("协作区牵头单位须指定协作区"),
                "department": _("考核部门角色须指定部门")}


@admin.register(Department)
class DepartmentAdmin(GatekeptAdmin):
    list_display = ["name", "sort"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(GatekeptAdmin, BaseUserAdmin):
    gate_perm = MANAGE_ACCOUNTS
    allow_delete = False
    audit_exclude = ("password", "last_login")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "first_name", "last_name", "email")}),
        (_("状态"), {"fields": ("is_active", "date_joined", "password_changed_at", "locked_until")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "display_name", "password1", "password2")}),)
    readonly_fields = ["date_joined", "password_changed_at", "locked_until"]
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
        return data


@admin.register(Membership)
class MembershipAdmin(GatekeptAdmin):
    gate_perm = MANAGE_ACCOUNTS
    form = MembershipForm
    audit_verbs = {"create": "grant", "update": "update", "delete": "revoke"}
    list_display = ["user", "role", "org", "zone", "department", "can_unmask"]
    list_filter = ["role", "can_unmask"]
    list_select_related = ["user", "org", "zone", "department"]
    search_fields = ["user__username", "user__display_name"]
    autocomplete_fields = ["user"]
