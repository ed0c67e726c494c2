"""Stand-ins: unsaved users who reach a given part of the registry, for documents written when
no one is logged in (a command) or for a part of a user's reach (a zone's report)."""
from django.contrib.auth import get_user_model

from dangjian.orgs.models import Unit, Zone

from .. import roles
from ._scope import _in_paths, _Reach, _Scope, _scope


def stand_in(*, everything=False, zone_ids=(), unit_ids=(), paths=(), perms=None):
    """An unsaved user who reaches everything, some zones, or some units and subtrees with
    ``perms`` (a role's, e.g. ``roles.spec("zone_lead").perms``; every permission when None):
    who a document is written for when no one is logged in (a command), or a part of a user's
    reach (``narrowed``). Department-bound rights are never held: a stand-in is no department."""
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
