"""The scope of a report: the city, a zone or a unit, and who the report is written for.

A scope is named by a value (``city``, ``zone:<id>``, ``unit:<id>``). ``choices(user)`` lists
those the user may write a review of (their WRITE_REVIEW reach: the committee every zone and
unit, a zone lead their zone and its units, a unit admin their unit); ``resolve`` turns a value
into a ``ReportScope`` whose ``user`` is a gatekeeper stand-in over that part of the user's reach, so
every selector counts the scope and nothing else. A value outside the choices is refused.

The command (no one logged in) names a scope by name (``scope_user``). It is run by whoever
runs the deployment for the committee, so its stand-in holds the committee admin's permissions
(not every permission: no unmasking in bulk, no department's rights) over the scope: the same
review the committee gets when it picks that scope on the page.
"""
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.accounts import roles
from dangjian.accounts.roles import WRITE_REVIEW
from dangjian.orgs.models import PartyOrg, Unit, Zone

CITY = "city"


def city_name():
    return _("市直机关")


@dataclass
class ReportScope:
    value: str          # city, zone:<id>, unit:<id>
    kind: str           # city, zone, unit
    name: str
    user: object        # the stand-in whose reach is the scope


def _unit_paths(unit_id):
    return set(PartyOrg.objects.filter(unit_id=unit_id).values_list("path", flat=True))


def _units(user):
    return Unit.objects.filter(gk.unit_filter(user, perm=WRITE_REVIEW))


def choices(user) -> list[tuple[str, str]]:
    """[(value, label)] of the scopes ``user`` may write a review of: the city when their right
    reaches everything, the zones it reaches whole, the units it reaches. Two queries."""
    if not gk.can(user, WRITE_REVIEW):
        return []
    out = [(CITY, city_name())] if gk.visibility_key(user, WRITE_REVIEW) == "all" else []
    out += [(f"zone:{pk}", name) for pk, name in
            gk.whole_zones(user, WRITE_REVIEW).order_by("sort", "id").values_list("id", "name")]
    out += [(f"unit:{pk}", name) for pk, name in _units(user).order_by("sort", "id").values_list("id", "name")]
    return out


def _refused():
    return ValidationError(_("范围不正确：请从列表中选择市直机关、你可见的协作区或单位。"))


def resolve(user, value) -> ReportScope:
    """The ReportScope of ``value`` for ``user``; ValidationError (a Chinese message) for a forged
    value or one outside the user's reach."""
    value = value if isinstance(value, str) else ""
    kind, _sep, ident = value.partition(":")
    if value == CITY and gk.visibility_key(user, WRITE_REVIEW) == "all":
        return ReportScope(CITY, CITY, city_name(), gk.narrowed(user, everything=True))
    if not (ident.isascii() and ident.isdigit() and len(ident) < 10):
        raise _refused()
    pk = int(ident)
    if kind == "zone":
        zone = gk.whole_zones(user, WRITE_REVIEW).filter(pk=pk).first()
        if zone is not None:
            return ReportScope(value, "zone", zone.name, gk.narrowed(user, zone_ids={zone.pk}))
    elif kind == "unit" and gk.can(user, WRITE_REVIEW):
        unit = _units(user).filter(pk=pk).first()
        if unit is not None:
            return ReportScope(value, "unit", unit.name,
                         gk.narrowed(user, unit_ids={unit.pk}, paths=_unit_paths(unit.pk)))
    raise _refused()


def default(user) -> str:
    """The scope picked first: the widest the user may write."""
    listed = choices(user)
    return listed[0][0] if listed else ""


def scope_user(name: str) -> ReportScope:
    """The ReportScope of ``city``, a zone's name or a unit's name (or short name) for the command;
    an unknown name raises ObjectDoesNotExist with a Chinese message."""
    name = (name or "").strip()
    perms = roles.spec(roles.Role.COMMITTEE_ADMIN).perms
    if name in (CITY, "全市", city_name()):
        return ReportScope(CITY, CITY, city_name(), gk.stand_in(everything=True, perms=perms))
    zone = Zone.objects.filter(name=name).first()
    if zone is not None:
        return ReportScope(f"zone:{zone.pk}", "zone", zone.name, gk.stand_in(zone_ids={zone.id}, perms=perms))
    unit = Unit.objects.filter(name=name).first() or Unit.objects.filter(short_name=name).first()
    if unit is not None:
        return ReportScope(f"unit:{unit.pk}", "unit", unit.name,
                     gk.stand_in(paths=_unit_paths(unit.pk), unit_ids={unit.id}, perms=perms))
    raise ObjectDoesNotExist(_("找不到范围“%(name)s”：请填写 city、协作区名称或单位名称。") % {"name": name})
