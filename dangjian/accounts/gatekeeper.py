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
- The scope built from a user's grants is private to this module. Apps build their own
  ``visible_*`` on ``org_filter``, ``member_filter`` and ``unit_filter`` (Q objects for a
  permission's reach), and key caches with ``visibility_key``.
"""
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from dangjian.orgs.models import CountyCommittee, Member, PartyOrg, Unit, Zone

from . import roles
from .models import Membership
from .roles import (  # noqa: F401  (the named permissions, for callers of can/require)
    APPEAL, CHANGE_REGISTRY, CONFIGURE, EXPORT, IMPORT, MANAGE_ACCOUNTS, MANAGE_SECURITY, UNMASK,
    SCORE, VIEW_AUDIT, VIEW_COUNTY_COMMITTEES, VIEW_PICTURE, VIEW_REGISTRY, VIEW_SIT_INS,
    VIEW_ASSESSMENT, VIEW_STUDY_PLAN, VIEW_TODO, VIEW_UNITS, Role,
    KEEP_COMMITMENTS, VIEW_COMMITMENTS,
    VIEW_BRANDS, MANAGE_BRAND, RECORD_HONOUR, VIEW_CHALLENGES, RUN_CHALLENGES, TAKE_CHALLENGE,
)


@dataclass
class _Reach:
    """How far one permission reaches for one user: everything, or some subtrees, zones,
    units (of the org grants), the user's own member records, and the departments whose
    indicators a department-bound permission reaches."""
    all: bool = False
    paths: set = field(default_factory=set)
    zone_ids: set = field(default_factory=set)
    unit_ids: set = field(default_factory=set)
    member_ids: set = field(default_factory=set)
    department_ids: set = field(default_factory=set)

    def __bool__(self):
        return bool(self.all or self.paths or self.zone_ids or self.unit_ids or self.member_ids
                    or self.department_ids)


@dataclass
class _Scope:
    roles: frozenset = frozenset()
    reach: dict = field(default_factory=dict)     # permission -> _Reach

    def of(self, perm) -> _Reach:
        return self.reach.get(perm) or _Reach()


def _build_scope(user) -> _Scope:
    if not user.is_authenticated or not user.is_active:
        return _Scope()
    grants = list(Membership.objects.filter(user=user).select_related("org"))
    held = frozenset(Role(m.role) for m in grants)
    # Separation of duties: a separated admin role never carries registry rights.
    if held & set(roles.SEPARATED_ROLES):
        grants = [m for m in grants if roles.spec(m.role).separated]
    own = None
    reach = {}
    for m in grants:
        spec = roles.spec(m.role)
        perms = [p for p in spec.perms if p not in roles.FLAGGED or getattr(m, roles.FLAGGED[p])]
        if spec.scope == roles.OWN and own is None:
            own = set(Member.objects.filter(user=user).values_list("id", flat=True))
        for perm in perms:
            r = reach.setdefault(perm, _Reach())
            if spec.scope == roles.DEPARTMENT and perm in roles.DEPARTMENT_BOUND:
                r.department_ids.add(m.department_id)
            elif spec.scope in (roles.COMMITTEE, roles.DEPARTMENT, roles.NONE):
                r.all = True      # a scopeless right (audit, accounts, security) is held whole
            elif spec.scope == roles.ZONE and m.zone_id:
                r.zone_ids.add(m.zone_id)
            elif spec.scope == roles.ORG and m.org_id:
                r.paths.add(m.org.path)
                if m.org.unit_id:
                    r.unit_ids.add(m.org.unit_id)
            elif spec.scope == roles.OWN:
                r.member_ids |= own
    return _Scope(roles=held, reach=reach)


def _scope(user) -> _Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    cached = getattr(user, "_gatekeeper_scope", None)
    if cached is None:
        cached = _build_scope(user)
        try:
            user._gatekeeper_scope = cached
        except AttributeError:  # AnonymousUser is fine to recompute
            pass
    return cached


def _startswith_q(paths, lookup):
    q = Q(pk__in=[])
    for p in sorted(paths):
        q |= Q(**{f"{lookup}__startswith": p})
    return q


def _in_paths(path, paths):
    return any(path.startswith(p) for p in paths)


# ---- primitives: each app builds its visible_* on these ----------------------------------------

NOTHING = Q(pk__in=[])


def org_filter(user, prefix="", perm=VIEW_REGISTRY) -> Q:
    """A Q over the party org at ``prefix`` ("" for PartyOrg itself, "branch__" for a member,
    "org__" for a record) that keeps what ``perm`` reaches. Q() when it reaches everything."""
    r = _scope(user).of(perm)
    if r.all:
        return Q()
    q = _startswith_q(r.paths, f"{prefix}path")
    if r.zone_ids:
        q |= Q(**{f"{prefix}unit__zone_id__in": sorted(r.zone_ids)})
    if r.member_ids:
        # a subquery, not a join: a join on members would repeat the branch once per member
        q |= Q(**{f"{prefix}pk__in": Member.objects.filter(id__in=r.member_ids).values("branch_id")})
    return q


def member_filter(user, prefix="", perm=VIEW_REGISTRY) -> Q:
    """A Q over the member at ``prefix`` ("" for Member itself) that keeps what ``perm`` reaches."""
    r = _scope(user).of(perm)
    if r.all:
        return Q()
    q = _startswith_q(r.paths, f"{prefix}branch__path")
    if r.zone_ids:
        q |= Q(**{f"{prefix}branch__unit__zone_id__in": sorted(r.zone_ids)})
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


def stand_in(*, everything=False, zone_ids=(), unit_ids=(), paths=(), perms=None):
    """An unsaved user who reaches everything, some zones, or some units and subtrees with
    ``perms`` (a role's, e.g. ``roles.spec("zone_lead").perms``; every permission when None):
    who a document is written for when no one is logged in (a command), or a part of a user's
    reach (``narrowed``). Department-bound rights are never held: a stand-in is no department."""
    from django.contrib.auth import get_user_model
    user = get_user_model()(username="stand-in", is_active=True)
    held = (roles.PERMISSIONS if perms is None else frozenset(perms)) - roles.DEPARTMENT_BOUND
    user._gatekeeper_scope = _Scope(reach={perm: _Reach(all=everything, zone_ids=set(zone_ids),
                                                         unit_ids=set(unit_ids), paths=set(paths))
                                           for perm in held})
    return user


def _covers(r: _Reach, zone_ids, unit_zones: dict, paths) -> bool:
    """Whether reach ``r`` holds the whole of the zones, the units ({unit id: zone id}) and the
    subtrees at ``paths`` (of those units)."""
    if r.all:
        return True
    if r.department_ids or not set(zone_ids) <= r.zone_ids:
        return False
    return all(zone in r.zone_ids or (unit in r.unit_ids and all(_in_paths(p, r.paths) for p in paths))
               for unit, zone in unit_zones.items())


def narrowed(user, *, everything=False, zone_ids=(), unit_ids=(), paths=()):
    """A stand-in for ``user`` over a part of their reach (a zone, a unit): it holds each of the
    user's permissions whose reach covers the whole part, over that part only, so a report of a
    zone counts what the user may count there and nothing more."""
    unit_zones = dict(Unit.objects.filter(id__in=sorted(unit_ids)).values_list("id", "zone_id")) if unit_ids else {}
    perms = {perm for perm, r in _scope(user).reach.items()
             if (r.all if everything else _covers(r, zone_ids, unit_zones, paths))}
    return stand_in(everything=everything, zone_ids=zone_ids, unit_ids=unit_ids, paths=paths, perms=perms)


def whole_zones(user, perm):
    """The zones ``perm`` reaches whole for ``user`` (every zone when it reaches everything)."""
    r = _scope(user).of(perm)
    return Zone.objects.all() if r.all else Zone.objects.filter(id__in=sorted(r.zone_ids))
