"""Small helpers of the assessment templates: points as shown."""
from django import template

from dangjian.assessment.rules import shown

register = template.Library()


@register.filter
def pts(value):
    """Points at two decimals, as the score card and the tables show them; "—" for none."""
    return "—" if value is None else shown(value)
