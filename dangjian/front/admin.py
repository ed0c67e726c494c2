"""The committee reads complaints and suggestions in admin (the site: accounts/admin_site.py)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dangjian.accounts.admin_site import GatekeptAdmin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(GatekeptAdmin):
    """The committee reads complaints and suggestions and replies; nobody adds or deletes here."""

    allow_add = allow_delete = False
    list_display = ["created_at", "user", "short_text", "handled"]
    list_filter = ["handled"]
    fields = ["submitter", "created_at", "text", "handled", "reply"]
    readonly_fields = ["submitter", "created_at", "text"]
    actions = None

    @admin.display(description=_("提交人"))
    def submitter(self, obj):
        # the name only: a link to the account would lead the committee to a 403 (accounts are
        # the system admin's)
        return str(obj.user) if obj.user else "—"

    @admin.display(description=_("内容"))
    def short_text(self, obj):
        return obj.text[:40]
