"""The study pages' charts as data (lib/pagecharts): pure builders over what the pages' own
selectors return, so a chart, its table and the page show the same numbers. No queries here.

Labels are zones, checklist items, courses and months, never people.
"""
from django.utils.translation import gettext as _

from dangjian.lib.pagecharts import Chart, percent

MISSED_ITEMS = 10           # the checklist items most often missed, at most
COURSES_AS_BARS = 12        # above this many courses, one bar of the fill share per course
MONTHS = tuple(range(1, 13))


def coverage_chart(zones, year: int) -> Chart:
    """Coverage share by zone: units with a done sit-in in ``year`` of the zone's units, as the
    page's table counts them (``selectors.coverage``); the units in no zone last."""
    ordered = sorted(zones, key=lambda z: not z.zoned)
    covered = sum(z.covered for z in ordered)
    total = sum(z.total for z in ordered)
    return Chart("bar", _("%(year)d 年各协作区列席旁听覆盖率") % {"year": year}, _("协作区"),
                 tuple(z.name for z in ordered),
                 ((_("覆盖率"), tuple(percent(z.covered, z.total) for z in ordered)),),
                 unit="%", top=100,
                 summary=_("已覆盖 %(covered)d / %(total)d 家单位") % {"covered": covered, "total": total})


def missed_items_chart(items, year: int, limit: int = MISSED_ITEMS) -> Chart:
    """The checklist items most often missed: ``items`` as [(item, done sit-ins that missed it)]
    in the checklist's order; most missed first, ties in the checklist's order."""
    top = sorted((pair for pair in items if pair[1] > 0), key=lambda pair: -pair[1])[:limit]
    return Chart("hbar", _("%(year)d 年列席旁听中不符合次数最多的检查项") % {"year": year}, _("检查项"),
                 tuple(name for name, _n in top), ((_("不符合次数"), tuple(n for _name, n in top)),),
                 summary=_("按已列席旁听中该项不符合的次数排列"))


def course_chart(courses) -> Chart:
    """Seats filled, per course as the list shows them (``enrolled``, ``capacity``): enrolled
    beside seats for a few courses; the fill share in percent when more would not read."""
    courses = list(courses)
    labels = tuple(c.name for c in courses)
    title = _("培训班报名情况")
    if len(courses) <= COURSES_AS_BARS:
        return Chart("hbar", title, _("培训班"), labels,
                     ((_("已报名"), tuple(c.enrolled for c in courses)),
                      (_("名额"), tuple(c.capacity for c in courses))),
                     summary=_("各培训班已报名人数与名额"))
    shares = tuple(percent(c.enrolled, c.capacity) for c in courses)
    fits = all(s is None or s <= 100 for s in shares)
    return Chart("hbar", title, _("培训班"), labels, ((_("报名率"), shares),), unit="%",
                 top=100 if fits else None, summary=_("各培训班已报名人数占名额的比例"))


def bookings_chart(counts: dict, year: int, month: int) -> Chart:
    """Education-base bookings (not cancelled) by month, ``year`` beside the year before;
    ``counts`` is {(year, month): bookings}. The months of ``year`` after ``month`` have not
    come yet: a gap, not a zero."""
    def values(of_year, last):
        return tuple(counts.get((of_year, m), 0) if m <= last else None for m in MONTHS)

    return Chart("line", _("教育基地预约次数（按月）"), _("月份"),
                 tuple(_("%(m)d月") % {"m": m} for m in MONTHS),
                 ((_("%(y)d年") % {"y": year - 1}, values(year - 1, 12)),
                  (_("%(y)d年") % {"y": year}, values(year, month))),
                 summary=_("%(y)d 年与上年各月的预约次数，不含已取消的预约") % {"y": year})
