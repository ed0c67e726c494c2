from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only in admin: nobody adds, changes or deletes entries here."""

    list_display = ["at", "username", "action", "object_type", "object_repr", "success"]
    list_filter = ["action", "success"]
    search_fields = ["username", "object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
