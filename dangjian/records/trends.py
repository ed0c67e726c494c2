"""The trend charts of the registry's pages: a zone against the city (for whoever reaches the
whole zone) and a unit's own months, this year against last. Data from the picture's cache
(``selectors``), chart data from ``charts``, drawn by ``lib/pagecharts``."""
from datetime import date

from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.lib import pagecharts

from . import charts, selectors


def zone_charts(user, zone, today: date | None = None) -> list:
    """[the zone against the city, per rule] when ``user`` reaches the whole zone, else []. The
    city's picture is the committee's (one cache entry); the zone's row is read from it."""
    if not gk.reaches_zone(user, zone):
        return []
    today = today or date.today()
    city = selectors.committee_picture(gk.stand_in(everything=True), today.year, today)
    cells = next((cells for zid, _name, cells in city["zone_rows"] if zid == zone.pk), None)
    if cells is None:
        return []
    return [pagecharts.render(charts.zone_against_city(zone.name, today.year, cells, city))]


def unit_charts(user, unit, today: date | None = None) -> list:
    """[the unit's monthly items kept, month by month, this year against last] over the unit's
    orgs the user sees."""
    today = today or date.today()
    orgs = gk.visible_orgs(user).filter(unit=unit)
    key = f"unit:{unit.pk}"
    months = selectors.org_months(user, orgs, key, today.year, today)
    last = selectors.org_months(user, orgs, key, today.year - 1, today)
    chart = charts.trend(_("%(u)s按月开展事项落实率：%(y)d年与上年对比") % {"u": unit.short_name or unit.name,
                                                                  "y": today.year},
                         today.year, months, last,
                         summary=_("本单位党组织每月开展事项（支委会、党小组会、主题党日等），"
                                   "已开展的党组织月次占应开展的百分比。"))
    return [pagecharts.render(chart)]
