from django import template

from dangjian.accounts import gatekeeper

register = template.Library()


@register.filter
def sees_all_units(user):
    """Whether the committee-wide sit-in pages open for this user."""
    return user.is_authenticated and gatekeeper.can(user, gatekeeper.VIEW_STUDY_PLAN)


@register.filter
def sees_sit_ins(user):
    """Whether the sit-in list opens for this user (the same permission as every sit-in page)."""
    return user.is_authenticated and gatekeeper.can(user, gatekeeper.VIEW_SIT_INS)
