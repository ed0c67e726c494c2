"""The one gatekeeper: every view asks here what a user may see and do.

Rules, in one place:
- Outside a user's scope an object does not exist: views fetch through ``visible_*``
  QuerySets and answer 404 when it is not there.
- Visible but not allowed answers 403: ``require(user, perm, obj)``.
- A membership grants a role over one scope (an org and its subtree, a zone, a department
  or the whole committee).
- The system, security and audit admins see no registry data (separation of duties).
"""
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from dangjian.orgs.models import CountyCommittee, Member, PartyOrg, Unit, Zone

from .models import Membership, Role, SEPARATED_ROLES

# Permissions a view may ask for.
VIEW_REGISTRY = "registry.view"
CHANGE_REGISTRY = "registry.change"
UNMASK = "member.unmask"
IMPORT = "registry.import"
EXPORT = "registry.export"
VIEW_AUDIT = "audit.view"
MANAGE_ACCOUNTS = "accounts.manage"
MANAGE_SECURITY = "security.manage"
CONFIGURE = "committee.configure"

READ_ALL_ROLES = {Role.COMMITTEE_ADMIN, Role.DEPARTMENT}
ORG_ROLES = {Role.UNIT_ADMIN, Role.BRANCH_SECRETARY, Role.MEMBER}
WRITE_ORG_ROLES = {Role.UNIT_ADMIN, Role.BRANCH_SECRETARY}


@dataclass
class Scope:
    roles: set = field(default_factory=set)
    reads_all: bool = False
    writes_all: bool = False
    org_paths: list = field(default_factory=list)        # subtrees readable
    write_paths: list = field(default_factory=list)      # subtrees writable
    unmask_paths: list = field(default_factory=list)     # subtrees where ID/phone may be revealed
    unmask_all: bool = False
    zone_ids: set = field(default_factory=set)
    unit_ids: set = field(default_factory=set)
    department_ids: set = field(default_factory=set)
    own_member_ids: set = field(default_factory=set)

    @property
    def is_empty(self):
        return not (self.reads_all or self.org_paths or self.zone_ids or self.own_member_ids)


def _build_scope(user) -> Scope:
    scope = Scope()
    if not user.is_authenticated or not user.is_active:
        return scope
    memberships = Membership.objects.filter(user=user).select_related("org")
    for m in memberships:
        scope.roles.add(m.role)
        if m.role in READ_ALL_ROLES:
            scope.reads_all = True
            if m.role == Role.COMMITTEE_ADMIN:
                scope.writes_all = True
                scope.unmask_all = scope.unmask_all or m.can_unmask
            if m.department_id:
                scope.department_ids.add(m.department_id)
        elif m.role == Role.ZONE_LEAD:
            scope.zone_ids.add(m.zone_id)
        elif m.role in ORG_ROLES and m.org_id:
            if m.role == Role.MEMBER:
                continue
            scope.org_paths.append(m.org.path)
            if m.org.unit_id:
                scope.unit_ids.add(m.org.unit_id)
            if m.role in WRITE_ORG_ROLES:
                scope.write_paths.append(m.org.path)
                if m.can_unmask:
                    scope.unmask_paths.append(m.org.path)
    if Role.MEMBER in scope.roles:
        own = list(Member.objects.filter(user=user).values_list("id", flat=True))
        scope.own_member_ids.update(own)
    # Separation of duties: a separated admin role never carries registry rights.
    if scope.roles & set(SEPARATED_ROLES):
        scope.reads_all = scope.writes_all = scope.unmask_all = False
        scope.org_paths, scope.write_paths, scope.unmask_paths = [], [], []
        scope.zone_ids, scope.unit_ids, scope.own_member_ids = set(), set(), set()
    return scope


def get_scope(user) -> Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    cached = getattr(user, "_gatekeeper_scope", None)
    if cached is None:
        cached = _build_scope(user)
        try:
            user._gatekeeper_scope = cached
        except AttributeError:  # AnonymousUser is fine to recompute
            pass
    return cached


def _paths_q(paths, prefix="path"):
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{prefix}__startswith": p})
    return q


def _in_paths(path, paths):
    return any(path.startswith(p) for p in paths)


# ---- visible_* : every list starts here ---------------------------------------------------

def visible_orgs(user):
    scope = get_scope(user)
    qs = PartyOrg.objects.all()
    if scope.reads_all:
        return qs
    q = _paths_q(scope.org_paths)
    if scope.zone_ids:
        q |= Q(unit__zone_id__in=scope.zone_ids)
    if scope.own_member_ids:
        # a subquery, not a join: a join on members would repeat the branch once per member
        q |= Q(pk__in=Member.objects.filter(id__in=scope.own_member_ids).values("branch_id"))
    return qs.filter(q)


def visible_members(user):
    scope = get_scope(user)
    qs = Member.objects.all()
    if scope.reads_all:
        return qs
    q = _paths_q(scope.org_paths, "branch__path")
    if scope.zone_ids:
        q |= Q(branch__unit__zone_id__in=scope.zone_ids)
    if scope.own_member_ids:
        q |= Q(id__in=scope.own_member_ids)
    return qs.filter(q)


def visible_units(user):
    scope = get_scope(user)
    qs = Unit.objects.all()
    if scope.reads_all:
        return qs
    return qs.filter(Q(id__in=scope.unit_ids) | Q(zone_id__in=scope.zone_ids))


def visible_zones(user):
    scope = get_scope(user)
    qs = Zone.objects.all()
    if scope.reads_all:
        return qs
    return qs.filter(Q(id__in=scope.zone_ids) | Q(units__id__in=scope.unit_ids)).distinct()


def visible_activities(user):
    """Records of organizational life: every role that sees an org sees its records."""
    from dangjian.records.models import Activity

    scope = get_scope(user)
    if scope.reads_all:
        return Activity.objects.all()
    return Activity.objects.filter(org__in=visible_orgs(user).values("id"))


def visible_county_committees(user):
    scope = get_scope(user)
    return CountyCommittee.objects.all() if scope.reads_all else CountyCommittee.objects.none()


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


def can(user, perm, obj=None) -> bool:
    scope = get_scope(user)
    roles = scope.roles
    if perm == VIEW_AUDIT:
        return Role.AUDIT_ADMIN in roles
    if perm == MANAGE_ACCOUNTS:
        return Role.SYSTEM_ADMIN in roles
    if perm == MANAGE_SECURITY:
        return Role.SECURITY_ADMIN in roles
    if perm == CONFIGURE:
        return scope.writes_all
    if perm == VIEW_REGISTRY:
        return not scope.is_empty
    if perm in (CHANGE_REGISTRY, IMPORT):
        if scope.writes_all:
            return True
        if obj is None:
            return bool(scope.write_paths)
        path = _org_path_of(obj)
        return path is not None and _in_paths(path, scope.write_paths)
    if perm == EXPORT:
        return scope.reads_all or bool(scope.org_paths or scope.zone_ids)
    if perm == UNMASK:
        if scope.unmask_all:
            return True
        path = _org_path_of(obj) if obj is not None else None
        return path is not None and _in_paths(path, scope.unmask_paths)
    return False


def require(user, perm, obj=None):
    if not can(user, perm, obj):
        raise PermissionDenied


def writable_orgs(user):
    """Orgs the user may change (for import targets and forms)."""
    scope = get_scope(user)
    if scope.writes_all:
        return PartyOrg.objects.all()
    return PartyOrg.objects.filter(_paths_q(scope.write_paths))


def role_labels(user):
    return [Role(r).label for r in sorted(get_scope(user).roles)]
