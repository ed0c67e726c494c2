import html

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from dangjian.accounts import gatekeeper
from dangjian.lib.links import url_maker

register = template.Library()


@register.filter
def change_text(value):
    """One audit change as text: ``[old, new]`` pairs as "old → new", anything else as is."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        old, new = ("∅" if v is None else v for v in value)
        return f"{old} → {new}"
    return value


@register.simple_tag
def select_options(choices, selected):
    """<option>s for (value, label) pairs, built in one pass: a province has 1,820 units, and
    a template loop over them costs ~100 ms per request (localisation of every number), and
    Django's lazy-aware escape another 20 ms: the standard library's escapes the same five
    characters."""
    current = "" if selected in (None, "") else str(getattr(selected, "pk", selected))
    parts = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == current else ""
        parts.append(f'<option value="{html.escape(value)}"{mark}>{html.escape(str(label))}</option>')
    return mark_safe("".join(parts))


def _tree_unit_parts(context):
    """URL makers and labels, worked out once per render (the tag runs once per zone)."""
    parts = context.render_context.get("tree_unit_parts")
    if parts is None:
        parts = (url_maker("unit_detail"), reverse("org_tree") + "?unit=",
                 escape(gettext("详情")), escape(gettext("加载中…")))
        context.render_context["tree_unit_parts"] = parts
    return parts


@register.simple_tag(takes_context=True)
def tree_unit_lines(context, units):
    """<li>s of unit lines whose orgs load on demand (htmx), built in one pass: the committee's
    tree has 1,820 units, and an include with {% url %} per unit costs ~0.4 ms each."""
    if not units:
        return format_html('<li class="hint">{}</li>', gettext("暂无单位"))
    detail, orgs_url, more, loading = _tree_unit_parts(context)
    return mark_safe("".join(
        f'<li class="node"><a class="more" href="{detail(unit.pk)}" aria-label="{more}：{name}">{more}</a>'
        f'<details hx-get="{orgs_url}{unit.pk}" hx-trigger="toggle once" hx-target="find ul" '
        f'hx-swap="outerHTML"><summary><span class="node-name">{name}</span></summary>'
        f'<ul><li class="hint">{loading}</li></ul></details></li>'
        for unit in units for name in (escape(unit.name),)
    ))


@register.filter
def can(user, perm):
    """``{% if user|can:"committee.configure" %}``: show a link only to whom it will open for
    (the gatekeeper decides; the permission names are those of accounts/roles.py)."""
    return gatekeeper.can(user, perm)


@register.simple_tag
def hidden_label(field, text=None):
    """A label only screen readers see, for a filter control whose first option or placeholder
    already shows its purpose on screen."""
    return format_html('<label class="sr-only" for="{}">{}</label>', field.id_for_label, text or field.label)
