"""The one gatekeeper: every view asks here what a user may see and do.

Rules, in one place:
- Outside a user's scope an object does not exist: views fetch through ``visible_*``
  QuerySets and answer 404 when it is not there.
- Visible but not allowed answers 403: ``require(user, perm, obj)``.
- A membership grants a role over one scope (an org and its subtree, a zone, a department
  or the whole committee).
- The system, security and audit admins see no registry data (separation of duties).
- What a role may do is declared once, in ``roles.py`` (role → scope kind → permissions);
  ``can``/``require`` take one of its named permissions.
- The scope built from a user's grants is private to this package (``_scope.py``). Apps build their own
  ``visible_*`` on ``org_filter``, ``member_filter`` and ``unit_filter`` (Q objects for a
  permission's reach), and key caches with ``visibility_key``.
"""
import hashlib

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from dangjian.orgs.models import CountyCommittee, Member, PartyOrg, Unit, Zone

from .. import roles
from ..roles import (  # noqa: F401  (the named permissions, for callers of can/require)
    APPEAL, CHANGE_REGISTRY, CONFIGURE, EXPORT, IMPORT, MANAGE_ACCOUNTS, MANAGE_SECURITY, UNMASK,
    SCORE, VIEW_AUDIT, VIEW_COUNTY_COMMITTEES, VIEW_PICTURE, VIEW_REGISTRY, VIEW_SIT_INS,
    VIEW_ASSESSMENT, VIEW_STUDY_PLAN, VIEW_TODO, VIEW_UNITS, Role,
    KEEP_COMMITMENTS, VIEW_COMMITMENTS,
    VIEW_BRANDS, MANAGE_BRAND, RECORD_HONOUR, VIEW_CHALLENGES, RUN_CHALLENGES, TAKE_CHALLENGE,
)
from ._scope import _in_paths, _Reach, _scope
from .standins import narrowed, stand_in, whole_zones  # noqa: F401  (part of the gatekeeper's API)


def _startswith_q(paths, lookup):
    q = Q(pk__in=[])
    for p in sorted(paths):
        q |= Q(**{f"{lookup}__startswith": p})
    return q


# ---- primitives: each app builds its visible_* on these ----------------------------------------

NOTHING = Q(pk__in=[])


def _subtrees_and_zones(r: _Reach, org_prefix) -> Q:
    """The orgs at ``org_prefix`` under the reach's subtrees or in its zones' units."""
    q = _startswith_q(r.paths, f"{org_prefix}path")
    if r.zone_ids:
        q |= Q(**{f"{org_prefix}unit__zone_id__in": sorted(r.zone_ids)})
    return q


def org_filter(user, prefix="", perm=VIEW_REGISTRY) -> Q:
    """A Q over the party org at ``prefix`` ("" for PartyOrg itself, "branch__" for a member,
    "org__" for a record) that keeps what ``perm`` reaches. Q() when it reaches everything."""
    r = _scope(user).of(perm)
    if r.all:
        return Q()
    q = _subtrees_and_zones(r, prefix)
    if r.member_ids:
        # a subquery, not a join: a join on members would repeat the branch once per member
        q |= Q(**{f"{prefix}pk__in": Member.objects.filter(id__in=r.member_ids).values("branch_id")})
    return q


def member_filter(user, prefix="", perm=VIEW_REGISTRY) -> Q:
    """A Q over the member at ``prefix`` ("" for Member itself) that keeps what ``perm`` reaches."""
    r = _scope(user).of(perm)
    if r.all:
        return Q()
    q = _subtrees_and_zones(r, f"{prefix}branch__")
    if r.member_ids:
        q |= Q(**{f"{prefix}id__in": sorted(r.member_ids)})
    return q


def unit_filter(user, prefix="", perm=VIEW_REGISTRY) -> Q:
    """A Q over the unit at ``prefix`` ("" for Unit itself, "unit__" for a sit-in): the units
    of the user's org grants and of their zones, for ``perm``."""
    r = _scope(user).of(perm)
    if r.all:
        return Q()
    if not (r.unit_ids or r.zone_ids):
        return NOTHING
    return Q(**{f"{prefix}id__in": sorted(r.unit_ids)}) | Q(**{f"{prefix}zone_id__in": sorted(r.zone_ids)})


def department_ids(user, perm=SCORE) -> set:
    """The departments whose indicators ``perm`` reaches for ``user`` (a department's desk)."""
    return set(_scope(user).of(perm).department_ids)


def visibility_key(user, perm=VIEW_REGISTRY) -> str:
    """A short stable text naming what ``perm`` reaches: equal keys see the same data (cache keys)."""
    r = _scope(user).of(perm)
    if r.all:
        return "all"
    ident = repr((sorted(r.paths), sorted(r.zone_ids), sorted(r.unit_ids), sorted(r.member_ids)))
    return hashlib.sha256(ident.encode()).hexdigest()[:32]


def reaches_zone(user, zone, perm=VIEW_REGISTRY) -> bool:
    """Whether ``perm`` reaches the whole of ``zone`` for ``user`` (everything, or that zone)."""
    r = _scope(user).of(perm)
    return r.all or zone.pk in r.zone_ids


def roles_of(user) -> list:
    """The roles the user holds, in the table's order of precedence."""
    return roles.in_precedence(_scope(user).roles)


# ---- visible_* : every list starts here ---------------------------------------------------

def visible_orgs(user):
    return PartyOrg.objects.filter(org_filter(user))


def visible_members(user):
    return Member.objects.filter(member_filter(user))


def visible_units(user):
    return Unit.objects.filter(unit_filter(user))


def visible_zones(user):
    r = _scope(user).of(VIEW_REGISTRY)
    qs = Zone.objects.all()
    if r.all:
        return qs
    return qs.filter(Q(id__in=sorted(r.zone_ids)) | Q(units__id__in=sorted(r.unit_ids))).distinct()


def visible_activities(user):
    """Records of organizational life: every role that sees an org sees its records."""
    from dangjian.records.models import Activity

    if _scope(user).of(VIEW_REGISTRY).all:
        return Activity.objects.all()
    return Activity.objects.filter(org__in=visible_orgs(user).values("id"))


def visible_county_committees(user):
    return CountyCommittee.objects.all() if can(user, VIEW_COUNTY_COMMITTEES) else CountyCommittee.objects.none()


def visible_bodies(user, perm=VIEW_ASSESSMENT):
    """Assessed bodies (assessment app) in reach of ``perm``: the units of the user's grants and
    zones; the county committees only to those who reach everything."""
    from dangjian.assessment.models import AssessedBody

    r = _scope(user).of(perm)
    if r.all:
        return AssessedBody.objects.all()
    return AssessedBody.objects.filter(unit_filter(user, "unit__", perm))


def get_visible_or_404(queryset, **lookup):
    """Fetch one object from a visible_* QuerySet; anything else does not exist."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404


# ---- permissions -------------------------------------------------------------------------

def _org_path_of(obj):
    if isinstance(obj, PartyOrg):
        return obj.path
    if isinstance(obj, Member):
        return obj.branch.path
    org = getattr(obj, "org", None)   # records and other things kept by an org
    if isinstance(org, PartyOrg):
        return org.path
    return None


def _unit_id_of(obj):
    if isinstance(obj, Unit):
        return obj.pk
    return getattr(obj, "unit_id", None)


def _reaches(r: _Reach, obj) -> bool:
    if r.all:
        return True
    if r.department_ids:        # a department-bound right: what the department owns
        return getattr(obj, "department_id", None) in r.department_ids
    if isinstance(obj, Member) and obj.pk in r.member_ids:
        return True
    path = _org_path_of(obj)
    if path is not None:
        if _in_paths(path, r.paths):
            return True
        org = obj if isinstance(obj, PartyOrg) else (obj.branch if isinstance(obj, Member) else obj.org)
        return bool(r.zone_ids) and Unit.objects.filter(pk=org.unit_id, zone_id__in=r.zone_ids).exists()
    unit_id = _unit_id_of(obj)
    if unit_id is None:
        return False
    return unit_id in r.unit_ids or (
        bool(r.zone_ids) and Unit.objects.filter(pk=unit_id, zone_id__in=r.zone_ids).exists())


def can(user, perm, obj=None) -> bool:
    """Whether ``user`` holds ``perm`` (one of roles.PERMISSIONS), over ``obj`` when given."""
    if perm not in roles.PERMISSIONS:
        raise ValueError(f"unknown permission {perm!r}")
    r = _scope(user).of(perm)
    if obj is None:
        # unmasking with no object is unmasking in bulk (an export): only over everything
        return r.all if perm == UNMASK else bool(r)
    return _reaches(r, obj)


def require(user, perm, obj=None):
    if not can(user, perm, obj):
        raise PermissionDenied


def writable_orgs(user):
    """Orgs the user may change (for import targets and forms)."""
    return PartyOrg.objects.filter(org_filter(user, perm=CHANGE_REGISTRY))


def role_labels(user):
    return [r.label for r in roles_of(user)]
