"""The committee configures schemes in admin (CONFIGURE), audited: a draft's indicators and
divisions are edited there and published by the admin action, through the service, which
refuses a scheme with problems. A published scheme, the ledger, appeals and snapshots are
read-only here: they change only through their services (reversing entries, decisions)."""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dangjian.accounts import gatekeeper
from dangjian.accounts.admin_site import GatekeptAdmin
from dangjian.accounts.gatekeeper import CONFIGURE

from .models import Appeal, Division, Indicator, LedgerEntry, Scheme, Snapshot, TypicalExperience
from .services import scheme_problems, scheme_publish


class _DraftInline(admin.StackedInline):
    """Rows of a draft scheme, editable by the committee while the scheme is unpublished."""
    extra = 0

    def _allowed(self, request, obj=None):
        return gatekeeper.can(request.user, CONFIGURE)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request) and not (obj and obj.published)

    has_change_permission = has_delete_permission = has_add_permission


class IndicatorInline(_DraftInline):
    model = Indicator
    fk_name = "scheme"
    fields = ["code", "name", "parent", "kind", "max_points", "department", "metric", "per_case", "cap", "veto",
              "basis", "sort"]


class DivisionInline(_DraftInline):
    model = Division
    fields = ["name", "weights", "sort"]


@admin.register(Scheme)
class SchemeAdmin(GatekeptAdmin):
    list_display = ["year", "title", "kind", "version", "published_at"]
    list_filter = ["year", "kind"]
    inlines = [IndicatorInline, DivisionInline]
    allow_delete = False
    actions = ["publish"]
    readonly_fields = ["published_at"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.published)

    @admin.action(description=_("发布所选方案（发布后不能修改）"))
    def publish(self, request, queryset):
        for scheme in queryset:
            try:
                scheme_publish(user=request.user, scheme=scheme, request=request)
            except ValidationError as exc:
                self.message_user(request, f"{scheme}：" + "；".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("已发布：%(s)s") % {"s": scheme}, messages.SUCCESS)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "problems"]

    @admin.display(description=_("发布前检查"))
    def problems(self, obj):
        return "；".join(scheme_problems(obj)) or _("无") if obj and obj.pk else "—"


def _person(field, label):
    @admin.display(description=label)
    def show(self, obj):
        # the name only: a link to the account would lead the committee to a 403 (accounts are
        # the system admin's)
        user = getattr(obj, field, None)
        return (user.get_full_name() or user.username) if user else "—"
    return show


class _ReadOnly(GatekeptAdmin):
    """Read-only in admin; people are shown by name, never linked."""
    allow_add = allow_change = allow_delete = False
    actions = None
    people = ("created_by", "opened_by", "decided_by", "published_by")

    def get_fields(self, request, obj=None):
        return [f"{f}_name" if f in self.people else f for f in super().get_fields(request, obj)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(f"{f}_name" for f in self.people)]

    created_by_name = _person("created_by", _("记录人"))
    opened_by_name = _person("opened_by", _("申诉人"))
    decided_by_name = _person("decided_by", _("处理人"))
    published_by_name = _person("published_by", _("发布人"))


@admin.register(LedgerEntry)
class LedgerEntryAdmin(_ReadOnly):
    list_display = ["id", "scheme", "indicator", "body", "department", "points", "case_ref", "occurred_on",
                    "reverses"]
    list_filter = ["scheme", "department"]
    list_select_related = ["scheme", "indicator", "body__unit", "body__county_committee", "department", "reverses"]
    search_fields = ["case_ref", "fact"]


@admin.register(Appeal)
class AppealAdmin(_ReadOnly):
    list_display = ["id", "body", "department", "state", "opened_at", "decided_at"]
    list_filter = ["state", "department"]
    list_select_related = ["body__unit", "body__county_committee", "department"]


@admin.register(Snapshot)
class SnapshotAdmin(_ReadOnly):
    list_display = ["scheme", "period", "ends_on", "published_at", "published_by"]
    list_select_related = ["scheme", "published_by"]


@admin.register(TypicalExperience)
class TypicalExperienceAdmin(GatekeptAdmin):
    list_display = ["title", "body", "scheme", "recommended_at"]
    list_select_related = ["scheme", "body__unit", "body__county_committee"]
    fields = ["scheme", "body", "title"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recommended_by = request.user
        super().save_model(request, obj, form, change)
