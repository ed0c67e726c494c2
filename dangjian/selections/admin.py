"""Kinds of selection are data the committee adds and edits (MANAGE_SELECTIONS), audited."""
from django import forms
from django.contrib import admin

from dangjian.accounts.admin_site import GatekeptAdmin
from dangjian.accounts.roles import MANAGE_SELECTIONS

from .checks import rules_errors
from .models import SelectionKind


class SelectionKindForm(forms.ModelForm):
    class Meta:
        model = SelectionKind
        fields = ["code", "name", "subject", "grants_title", "default_eligibility", "sort"]

    def clean(self):
        data = super().clean()
        errors = rules_errors(data.get("default_eligibility") or [], data.get("subject"))
        if errors:
            self.add_error("default_eligibility", errors)
        return data


@admin.register(SelectionKind)
class SelectionKindAdmin(GatekeptAdmin):
    gate_perm = MANAGE_SELECTIONS
    form = SelectionKindForm
    list_display = ["name", "code", "subject", "grants_title", "sort"]
    allow_delete = False          # kinds with rounds are kept
