"""Who a report is written for when no one is logged in (the command): a stand-in user whose
gatekeeper reach is the whole city, one zone or one unit, built from the same role specs."""
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.accounts import roles
from dangjian.orgs.models import PartyOrg, Unit, Zone

CITY = "city"


def scope_user(name: str):
    """(stand-in user, scope name, citywide) for ``city``, a zone's name or a unit's name (or short
    name); an unknown name raises ObjectDoesNotExist with a Chinese message."""
    name = (name or "").strip()
    if name in (CITY, "全市", _("市直机关")):
        return gk.stand_in(everything=True), _("市直机关"), True
    zone = Zone.objects.filter(name=name).first()
    if zone is not None:
        return gk.stand_in(zone_ids={zone.id}), zone.name, False
    unit = Unit.objects.filter(name=name).first() or Unit.objects.filter(short_name=name).first()
    if unit is not None:
        paths = set(PartyOrg.objects.filter(unit=unit).values_list("path", flat=True))
        return gk.stand_in(paths=paths, unit_ids={unit.id}), unit.name, False
    raise ObjectDoesNotExist(_("找不到范围“%(name)s”：请填写 city、协作区名称或单位名称。") % {"name": name})


def scope_of(user) -> tuple[str, bool]:
    """(name, citywide) of what ``user`` sees: the city, their zone(s), their unit(s)."""
    units = list(gk.visible_units(user).values_list("name", flat=True))
    if units and len(units) == Unit.objects.count():
        return _("市直机关"), True
    if roles.Role.ZONE_LEAD in gk.roles_of(user):
        zones = list(gk.visible_zones(user).values_list("name", flat=True))
        if zones:
            return "、".join(zones), False
    return ("、".join(units) if units else _("本人可见范围")), False
