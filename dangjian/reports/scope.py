"""Who a report is written for when no one is logged in (the command): a stand-in user whose
gatekeeper reach is the whole city, one zone or one unit, built from the same role specs."""
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.accounts import roles
from dangjian.orgs.models import PartyOrg, Unit, Zone

CITY = "city"


def _stand_in(reach_of) -> object:
    user = get_user_model()(username="annual-review", is_active=True)
    user._gatekeeper_scope = gk._Scope(
        roles=frozenset(), reach={perm: reach_of() for perm in roles.PERMISSIONS})
    return user


def scope_user(name: str):
    """(stand-in user, scope name) for ``city``, a zone's name or a unit's name (or short
    name); an unknown name raises ObjectDoesNotExist with a Chinese message."""
    name = (name or "").strip()
    if name in (CITY, "全市", _("市直机关")):
        return _stand_in(lambda: gk._Reach(all=True)), _("市直机关")
    zone = Zone.objects.filter(name=name).first()
    if zone is not None:
        return _stand_in(lambda: gk._Reach(zone_ids={zone.id})), zone.name
    unit = Unit.objects.filter(name=name).first() or Unit.objects.filter(short_name=name).first()
    if unit is not None:
        paths = set(PartyOrg.objects.filter(unit=unit).values_list("path", flat=True))
        return _stand_in(lambda: gk._Reach(paths=set(paths), unit_ids={unit.id})), unit.name
    raise ObjectDoesNotExist(_("找不到范围“%(name)s”：请填写 city、协作区名称或单位名称。") % {"name": name})
