"""The registry in admin: the committee's configuration (CONFIGURE), audited.

Party orgs are written through the orgs services so the tree path, term end and move history
stay right; their path is shown, never edited.
"""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dangjian.audit.services import audit_log
from dangjian.accounts.admin_site import GatekeptAdmin

from . import rules, services
from .models import BRANCH_TYPES, CountyCommittee, PartyOrg, Unit, UnitCategory, Zone
from .rules import MAX_JOINT_UNITS


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = ["name", "lead_unit", "rules", "sort"]

    def clean_lead_unit(self):
        unit = self.cleaned_data["lead_unit"]
        if unit and (self.instance.pk is None or unit.zone_id != self.instance.pk):
            raise forms.ValidationError(_("牵头单位应是本协作区的成员单位：请先把该单位划入本协作区。"))
        return unit


@admin.register(Zone)
class ZoneAdmin(GatekeptAdmin):
    form = ZoneForm
    list_display = ["name", "lead_unit", "sort"]
    list_select_related = ["lead_unit"]
    search_fields = ["name"]
    autocomplete_fields = ["lead_unit"]


@admin.register(UnitCategory)
class UnitCategoryAdmin(GatekeptAdmin):
    list_display = ["name", "sort"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(GatekeptAdmin):
    list_display = ["name", "short_name", "category", "zone", "sort"]
    list_filter = ["category", "zone"]
    list_select_related = ["category", "zone"]
    search_fields = ["name", "short_name"]


@admin.register(CountyCommittee)
class CountyCommitteeAdmin(GatekeptAdmin):
    list_display = ["name", "kind", "contact", "sort"]
    list_filter = ["kind"]
    search_fields = ["name"]


class PartyOrgForm(forms.ModelForm):
    class Meta:
        model = PartyOrg
        fields = "__all__"

    def clean(self):
        data = super().clean()
        org, parent, org_type = self.instance, data.get("parent"), data.get("type")
        refusal = rules.parent_refusal(parent_type=parent.type if parent else None,
                                       parent_path=parent.path if parent else None,
                                       own_path=org.path if org.pk else None)
        if refusal:
            self.add_error("parent", refusal)
        covered = data.get("covered_units")
        if covered is not None and len(covered) > MAX_JOINT_UNITS:
            self.add_error("covered_units", _("联合党支部最多覆盖 %(n)d 个单位") % {"n": MAX_JOINT_UNITS})
        if org.pk and org_type and org_type != org.type:
            refusal = rules.type_change_refusal(old_type=org.type, new_type=org_type,
                                                has_children=org.children.exists(),
                                                has_members=org.members.exists())
            if refusal:
                self.add_error("type", refusal)
        return data


CREATE_ARGS = ["name", "type", "parent", "unit", "secretary_name", "founded_on", "term_start", "term_end",
               "has_committee"]


@admin.register(PartyOrg)
class PartyOrgAdmin(GatekeptAdmin):
    """Orgs are dissolved (已撤销), never deleted: members and history point at them."""

    form = PartyOrgForm
    allow_delete = False
    list_display = ["name", "type", "unit", "parent", "term_end", "dissolved"]
    list_filter = ["type", "dissolved", "unit__zone"]
    list_select_related = ["unit", "parent"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["parent", "unit", "covered_units"]
    readonly_fields = ["path", "depth"]

    def get_fields(self, request, obj=None):
        rest = [f for f in services.ORG_FIELDS if f not in CREATE_ARGS]
        return CREATE_ARGS[:4] + ["covered_units"] + CREATE_ARGS[4:] + rest + ["path", "depth"]

    def get_readonly_fields(self, request, obj=None):
        # Changing an org's unit is not a registry edit the services offer.
        return self.readonly_fields + (["unit"] if obj else [])

    def get_search_results(self, request, queryset, search_term):
        # The parent picker offers only orgs that can have children.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "parent":
            queryset = queryset.exclude(type__in=BRANCH_TYPES)
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            org = services.org_create(user=request.user, request=request,
                                      covered_units=list(data.get("covered_units") or []),
                                      **{f: data[f] for f in CREATE_ARGS if f in data})
            rest = {f: data[f] for f in services.ORG_FIELDS
                    if f not in CREATE_ARGS and f in data and data[f] != getattr(org, f)}
            if rest:
                services.org_update(user=request.user, org=org, request=request, **rest)
            obj.pk = org.pk
            obj._state.adding = False
        else:
            org = PartyOrg.objects.get(pk=obj.pk)
            fields = {f: data[f] for f in services.ORG_FIELDS if f in form.changed_data}
            if fields:
                services.org_update(user=request.user, org=org, request=request, **fields)
            if "parent" in form.changed_data:
                services.org_move(user=request.user, org=org, new_parent=data["parent"], request=request,
                                  reason=str(_("系统配置中调整")))
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        before = sorted(form.instance.covered_units.values_list("pk", flat=True)) if change else None
        super().save_related(request, form, formsets, change)
        after = sorted(form.instance.covered_units.values_list("pk", flat=True))
        if change and before != after:
            audit_log(user=request.user, action="org.update", obj=form.instance, request=request,
                      changes={"covered_units": [str(before), str(after)]})
