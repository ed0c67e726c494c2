"""Small helpers of the assessment templates: points as shown, and a link only where its
page exists (the appeals pages arrive in their own branch)."""
from django import template
from django.urls import NoReverseMatch, reverse

from dangjian.assessment.rules import shown

register = template.Library()


@register.filter
def pts(value):
    """Points at two decimals, as the score card and the tables show them; "—" for none."""
    return "—" if value is None else shown(value)


@register.simple_tag
def url_if_exists(name, *args):
    """The URL of ``name`` with ``args``, or "" when no such URL is configured."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
