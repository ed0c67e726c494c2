"""Kinds of record and frequency rules are data the committee edits (CONFIGURE), audited."""
from django.contrib import admin

from dangjian.accounts.admin_site import GatekeptAdmin

from .models import ActivityKind, FrequencyRule


@admin.register(ActivityKind)
class ActivityKindAdmin(GatekeptAdmin):
    list_display = ["name", "code", "category", "takes_vote", "asks_form", "active", "sort"]
    list_editable = ["active", "sort"]
    search_fields = ["name", "code"]
    allow_delete = False          # kinds in use are switched off, never deleted


@admin.register(FrequencyRule)
class FrequencyRuleAdmin(GatekeptAdmin):
    list_display = ["kind", "applies_to", "period", "min_count", "lead_days", "is_local", "active"]
    list_filter = ["period", "is_local", "active"]
    list_select_related = ["kind"]
