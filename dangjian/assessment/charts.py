"""The assessment pages' charts as data (``lib/pagecharts`` draws them): the grades of the rows
shown per division, and on a score card the unit's score against its division's median and the
points it lost per top-level indicator group. Units, divisions and groups only, never a person.

Values are points as the pages show them (``rules.shown``: two decimals).
"""
from django.utils.translation import gettext as _

from dangjian.lib.pagecharts import Chart, number

from .chart_rules import UNGRADED, grade_counts, points_lost
from .rules import GRADE_LABELS, GRADE_ORDER, shown


def _points(value):
    return None if value is None else float(shown(value))


def division_label(division) -> str:
    return str(division) if division is not None else _("未分赛区")


def grades_chart(tables) -> Chart:
    """One bar per division of the tables shown, stacked by grade: the units of each grade among
    the rows the user sees (a zone lead's chart counts its zone's rows, as its table does)."""
    counts = grade_counts((division, row.grade) for division, rows in tables for row in rows)
    labels = tuple(division_label(d) for d in counts)
    series = [(GRADE_LABELS[g], tuple(c[g] for c in counts.values())) for g in GRADE_ORDER]
    if any(c[UNGRADED] for c in counts.values()):
        series.append((_("未评等次"), tuple(c[UNGRADED] for c in counts.values())))
    return Chart("stacked", _("各赛区等次分布"), _("赛区"), labels, tuple(series), unit=_("个"),
                 summary=_("每个赛区一根柱，按等次分段，数值为该等次的单位数。"))


def score_chart(body, score, division_median, total=None) -> Chart:
    """The unit's score beside its division's median (a division statistic, no other unit),
    on an axis up to the scheme's total unless a bonus takes a score past it."""
    values = (_points(score), _points(division_median))
    top = float(total) if total and all(v is None or v <= total for v in values) else None
    return Chart("bar", _("本单位得分与赛区中位数"), _("对象"), (str(body), _("赛区中位数")),
                 ((_("得分"), values),), unit=_("分"), top=top, decimals=2,
                 summary=_("左为本单位实时得分，右为所在赛区各单位得分的中位数（满分 %(t)s）。")
                 % {"t": number(_points(total))})


def lost_chart(result, indicators) -> Chart:
    """Points lost per top-level indicator group: each group's maximum (as weighted in the
    division) less the points got, from the card's leaves. ``indicators``: the scheme's
    indicators (the tree's parents and the groups' names), already fetched by the card."""
    parents = {i.id: i.parent_id for i in indicators}
    names = {i.id: f"{i.code} {i.name}" for i in indicators}
    order = {i.id: n for n, i in enumerate(indicators)}     # the scheme's tree order
    lost = points_lost(((line.indicator.id, line.result.points, line.result.maximum) for line in result.leaves),
                       parents)
    groups = sorted(lost, key=lambda g: order.get(g, len(order)))
    return Chart("hbar", _("各指标组失分"), _("指标组"), tuple(names.get(g, str(g)) for g in groups),
                 ((_("失分"), tuple(_points(lost[g]) for g in groups)),), unit=_("分"), decimals=2,
                 summary=_("每个一级指标组的满分减去本单位所得分；缺项按满分计，不失分。"))
