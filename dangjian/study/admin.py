"""Reference data the committee edits in admin: the sit-in checklist. Everything else has pages
that write through the audited services."""
from django.contrib import admin

from .models import ChecklistItem


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "active", "sort"]
    list_editable = ["active", "sort"]
    search_fields = ["name"]
