"""A select of thousands of orgs or units, rendered in one pass.

The committee may write for every org of the province (23,000) and every unit (1,820): Django's
Select builds a model instance per row and renders each option through a template, which took
seconds a select (4 s for the 20,700 branches a member can be transferred to). This one reads
(pk, label columns) and joins the escaped options; the HTML is the same as Select's
(tests/test_lib_widgets.py compares them).
"""
from html import escape

from django import forms
from django.utils.safestring import mark_safe


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them, in their order."""
    return "".join(f" {escape(k)}" if v is True else f' {escape(k)}="{escape(str(v))}"'
                   for k, v in attrs.items() if v is not False)


def _option(value, label_html, selected=False):
    return f'\n  <option value="{value}"{" selected" if selected else ""}>{label_html}</option>\n'


class NameSelect(forms.Select):
    """The widget of a ModelChoiceField whose label is the model's ``name`` (str() of PartyOrg
    and Unit)."""

    label_fields = ("name",)    # read with values_list, joined by " · " (an empty one as "")

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.rows_source = None     # another NameSelect over the same rows: read them once
        self.offered = None         # a part of the field's queryset to list (the field accepts all of it)
        self._rows = None

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.rows_source, copy.offered, copy._rows = None, None, None
        return copy

    def rows(self):
        """[(value, escaped label, option HTML)] of the choices, read once."""
        if self.rows_source is not None:
            return self.rows_source.rows()
        if self._rows is None:        # a pk is a number: only the name needs escaping
            queryset = self.choices.queryset if self.offered is None else self.offered
            rows = queryset.values_list("pk", *self.label_fields)
            self._rows = [(value, label, _option(value, label)) for value, label in
                          ((str(pk), escape(" · ".join(part or "" for part in parts))) for pk, *parts in rows)]
        return self._rows

    def render(self, name, value, attrs=None, renderer=None):
        attrs = forms.Widget.get_context(self, name, value, attrs)["widget"]["attrs"]
        wanted = {escape(v) for v in self.format_value(value)}
        parts = []
        empty_label = self.choices.field.empty_label
        if empty_label is not None:
            parts.append(_option("", escape(str(empty_label)), "" in wanted))
            if "" in wanted:
                wanted = set()              # like Select, only the first match is selected
        for value, label, html in self.rows():
            if value in wanted:
                html, wanted = _option(value, label, True), set()
            parts.append(html)
        return mark_safe(f'<select name="{escape(name)}"{_attrs(attrs)}>{"".join(parts)}\n</select>')


class BranchSelect(NameSelect):
    """A branch labelled with its unit, "unit · branch" (many units have a 第一党支部)."""

    label_fields = ("unit__name", "name")


MANY_BRANCHES = 300     # more than a select can sensibly list: pick the unit first


def offer_by_unit(request, widget, branches, unit_id=None):
    """For a scope of many branches (a province's committee: 20,700), have ``widget`` (a
    NameSelect of ``branches``) list one unit's: the one picked (?unit=), else ``unit_id``, else
    the first unit's. The field still accepts any branch of ``branches``. Returns the units to
    pick from ([(id, name)], those of ``branches``) and the unit listed, or (None, None)."""
    if branches.count() <= MANY_BRANCHES:
        return None, None
    unit_model = branches.model._meta.get_field("unit").related_model     # orgs.Unit (lib imports no app)
    units = list(unit_model.objects.filter(id__in=branches.values("unit_id")).order_by("sort", "id")
                 .values_list("id", "name"))
    value = request.GET.get("unit", "")
    if value.isdigit() and len(value) < 10:
        unit_id = int(value)
    elif unit_id is None and units:
        unit_id = units[0][0]
    widget.offered = branches.filter(unit_id=unit_id)
    return units, unit_id
