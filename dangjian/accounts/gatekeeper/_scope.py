"""The scope a user's grants build: private to the gatekeeper package (nothing outside it reads
it; ``tests/test_architecture.py`` checks). One ``_Reach`` per permission."""
from dataclasses import dataclass, field

from dangjian.orgs.models import Member

from .. import roles
from ..models import Membership
from ..roles import Role


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


def _in_paths(path, paths):
    return any(path.startswith(p) for p in paths)
