from django import template

from dangjian.study.selectors import reads_all

register = template.Library()


@register.filter
def sees_all_units(user):
    """Whether the committee-wide sit-in pages open for this user (the gatekeeper's scope, cached)."""
    return user.is_authenticated and reads_all(user)
