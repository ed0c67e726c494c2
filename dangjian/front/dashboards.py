"""What each role needs next on its home page. Facts and reminders only: no rankings of
people, no login counts, no points."""
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from dangjian.accounts import gatekeeper
from dangjian.accounts.models import Membership, Role, User
from dangjian.accounts.throttle import paused_clients
from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import BRANCH_TYPES
from dangjian.orgs.selectors import branches_with_warnings, orgs_with_counts, terms_ending

from .access import members_for, orgs_for
from .selectors import categories_with_counts, decorate, units_with_counts

SHORT_LIST = 20


def _warnings_and_terms(orgs, today):
    warned = branches_with_warnings(orgs).select_related("unit").order_by("unit__sort", "path")
    terms = orgs_with_counts(terms_ending(orgs, today)).select_related("unit")
    return {
        "warned": decorate(warned[:SHORT_LIST], today),
        "warned_count": warned.count(),
        "terms": decorate(terms[:SHORT_LIST], today),
        "terms_count": terms.count(),
    }


def committee_admin(user, today):
    orgs = orgs_for(user).active()
    live = Q(dissolved=False)
    # one pass over the orgs: live orgs, live branches, and current members from the orgs'
    # stored counts (orgs.counts), not a COUNT over 500,000 member rows
    totals = orgs_for(user).aggregate(
        orgs=Count("id", filter=live), branches=Count("id", filter=live & Q(type__in=BRANCH_TYPES)),
        members=Coalesce(Sum("members_current"), 0))
    counts = {
        "zones": gatekeeper.visible_zones(user).count(),
        "units": gatekeeper.visible_units(user).count(),
        "county_committees": gatekeeper.visible_county_committees(user).count(),
        **totals,
    }
    return {"counts": counts, **_warnings_and_terms(orgs, today)}


def department(user, today):
    return {"categories": categories_with_counts()}


def zone_lead(user, today):
    zone_ids = [m.zone_id for m in _memberships(user, Role.ZONE_LEAD)]
    units = (gatekeeper.visible_units(user).filter(zone_id__in=zone_ids)
             .select_related("zone", "category").order_by("sort", "id"))
    return {"zones": gatekeeper.visible_zones(user).filter(pk__in=zone_ids).select_related("lead_unit"),
            "units": units_with_counts(units)}


def unit_admin(user, today):
    paths = [m.org.path for m in _memberships(user, Role.UNIT_ADMIN)]
    orgs = orgs_for(user).active().filter(_under(paths))
    return _warnings_and_terms(orgs, today)


def branch_secretary(user, today):
    ids = [m.org_id for m in _memberships(user, Role.BRANCH_SECRETARY)]
    branches = orgs_with_counts(orgs_for(user).filter(pk__in=ids)).select_related("unit")
    return {"branches": decorate(branches, today)}


def member(user, today):
    return {"records": members_for(user).filter(user=user).select_related("branch", "branch__unit")}


def system_admin(user, today):
    return {"user_count": User.objects.filter(is_active=True).count()}


def security_admin(user, today):
    return {"locked_count": len(paused_clients())}


def audit_admin(user, today):
    return {"entries": AuditEntry.objects.all()[:10]}


def _memberships(user, role):
    return Membership.objects.filter(user=user, role=role).select_related("org")


def _under(paths):
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


# A role's home panel is the builder named after it; the order is the roles table's.
PANELS = {role: globals()[role.value] for role in Role if callable(globals().get(role.value))}


def panels_for(user, today=None):
    """[(role, template, context)] for each role the user holds that has a panel."""
    today = today or timezone.localdate()
    return [(role, f"front/home/{role.value}.html", PANELS[role](user, today))
            for role in gatekeeper.roles_of(user) if role in PANELS]
