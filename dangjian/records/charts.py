"""The committee's picture in charts: the data of each chart, pure (from the picture's cells and
the compliance results), never a chart of people. Drawn by ``lib/pagecharts``.

Shares are counted as the heat table counts them: (org, period) pairs kept of those judged.
"""
from collections import defaultdict

from django.utils.translation import gettext as _

from dangjian.lib.pagecharts import Chart, percent

MONTHS = tuple(range(1, 13))


def month_cells(results) -> dict[int, tuple[int, int]]:
    """{month: (met, due)} over the monthly rules of a year's compliance results: due is every
    org a rule applies to, once per month judged; met those that kept the month. A month not
    judged yet (not ended) is absent."""
    cells = defaultdict(lambda: [0, 0])
    for res in results:
        if res.rule.period != "month":
            continue
        missed = defaultdict(int)
        for periods in res.missed.values():
            for start in periods:
                missed[start.month] += 1
        for start in res.periods:
            cells[start.month][0] += res.applicable - missed[start.month]
            cells[start.month][1] += res.applicable
    return {month: (met, due) for month, (met, due) in cells.items()}


def total(cells) -> tuple[int, int]:
    """(met, due) summed over cells, skipping missing ones (None)."""
    met = due = 0
    for cell in cells:
        if cell:
            met, due = met + cell[0], due + cell[1]
    return met, due


def _month_labels():
    return tuple(_("%(m)d月") % {"m": m} for m in MONTHS)


def trend(title: str, year: int, months: dict, last_months: dict, *, summary: str = "") -> Chart:
    """Month by month, this year against last: the share of the monthly items kept."""
    def line(cells):
        return tuple(percent(*cells[m]) if m in cells else None for m in MONTHS)
    return Chart("line", title, _("月份"), _month_labels(),
                 ((_("%(y)d年") % {"y": year - 1}, line(last_months)), (_("%(y)d年") % {"y": year}, line(months))),
                 unit="%", top=100, summary=summary)


def picture_trend(year: int, months: dict, last_months: dict) -> Chart:
    """The picture's trend: ``months`` of the year's picture, ``last_months`` of the year before
    (``selectors.picture_months``: the monthly rules only)."""
    return trend(_("按月开展事项落实率：%(y)d年与上年对比") % {"y": year}, year, months, last_months,
                 summary=_("支委会、党小组会、主题党日等每月开展事项，已开展的党组织月次占应开展的百分比。"))


def zones_side_by_side(picture: dict) -> Chart:
    """Each zone's share of every rule's (org, period) pairs kept, beside the city's."""
    labels, values = [], []
    for _zid, name, cells in picture["zone_rows"]:
        labels.append(name)
        values.append(percent(*total(cells)))
    labels.append(_("全市"))
    values.append(percent(*total(picture["periods"].values())))
    return Chart("bar", _("各协作区组织生活落实率（全部事项）"), _("协作区"), tuple(labels),
                 ((_("落实率"), tuple(values)),), unit="%", top=100,
                 summary=_("各协作区适用党组织已开展的周期占应开展周期的百分比，最后一项为全市。"))


def zone_against_city(zone_name: str, year: int, zone_cells, city_picture: dict) -> Chart:
    """One zone's share per rule beside the whole city's (the rules in the picture's order)."""
    rules = city_picture["rules"]
    labels = tuple(f"{r.kind.name}（{r.get_period_display()}）" for r in rules)
    zone = tuple(percent(*cell) if cell else None for cell in zone_cells)
    city = tuple(percent(*city_picture["periods"][r.id]) if city_picture["periods"].get(r.id) else None
                 for r in rules)
    return Chart("hbar", _("%(y)d年%(z)s与全市对比：各项组织生活落实率") % {"y": year, "z": zone_name},
                 _("事项"), labels, ((zone_name, zone), (_("全市"), city)), unit="%", top=100,
                 summary=_("每项为已开展的周期占应开展周期的百分比。"))
