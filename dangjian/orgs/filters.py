"""The one member filter: the member list and the member export read the same query string
through ``MemberFilter``, so both return the same members.

The caller passes what the user may see (``gatekeeper.visible_members`` and the visible
units and branches); the filter only narrows it. Names match from the start (an index
serves it; Chinese names are looked up by surname or full name). Without a status the
filter keeps current members; ``left`` keeps those who left.
"""
import django_filters
from django.utils.translation import gettext_lazy as _

from .models import MemberStatus

LEFT = "left"
STATUS_CHOICES = [(MemberStatus.FULL, MemberStatus.FULL.label),
                  (MemberStatus.PROBATIONARY, MemberStatus.PROBATIONARY.label), (LEFT, _("已离开"))]


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名"), max_length=50, method="filter_name")
    unit = django_filters.ModelChoiceFilter(label=_("单位"), field_name="branch__unit", queryset=None,
                                            empty_label=_("全部单位"))
    branch = django_filters.ModelChoiceFilter(label=_("党支部"), field_name="branch", queryset=None)
    status = django_filters.ChoiceFilter(label=_("人员类别"), choices=STATUS_CHOICES, empty_label=_("在册党员"),
                                         method="filter_nothing")   # applied last, see filter_queryset

    def __init__(self, data, *, queryset, units, branches, **kwargs):
        # always bound: an empty query string is "current members, no other filter"
        super().__init__(data if data is not None else {}, queryset=queryset, **kwargs)
        self.filters["unit"].queryset = units
        self.filters["branch"].queryset = branches
        self.form.fields["unit"].queryset = units
        self.form.fields["branch"].queryset = branches

    def filter_name(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__startswith=value) if value else queryset

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        status = self.form.cleaned_data.get("status")
        if status == LEFT:
            return queryset.filter(left_on__isnull=False)
        queryset = queryset.current()
        return queryset.filter(status=status) if status else queryset

    def members(self):
        """The filtered members, or None when the query string is invalid (a 400)."""
        return self.qs if self.is_valid() else None

    def applied(self) -> dict:
        """The filters in use, as plain values (for the audit log of an export)."""
        out = {}
        for key, value in self.form.cleaned_data.items():
            if value not in (None, ""):
                out[key] = getattr(value, "pk", value)
        return out
