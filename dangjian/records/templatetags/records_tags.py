from html import escape

from django import template
from django.utils.safestring import mark_safe

from dangjian.records.heat import band, percent as cell_percent

register = template.Library()


@register.filter
def share(cell):
    """[met, total] -> '12/15 (80%)'; missing data stays visibly missing, never zero."""
    if not cell or not cell[1]:
        return "—"
    met, total = cell
    return f"{met}/{total}（{round(100 * met / total)}%）"


@register.filter
def percent(value):
    return "—" if value is None else f"{round(100 * value)}%"


def _heat_cell(cell) -> str:
    value = cell_percent(cell)
    return f'<td class="{band(cell)}">{"—" if value is None else f"{value}%"}</td>'


@register.filter
def heat_rows(rows):
    """HeatRows -> the heat table's rows, written in one pass (1,820 units × 9 rules at
    province scale): the unit as the row header, its zone and division, one shaded cell per
    rule with its percent printed (the shade never stands alone)."""
    return mark_safe("".join(
        f'<tr><th scope="row">{escape(r.name)}</th><td>{escape(r.zone or "—")}</td>'
        f'<td>{escape(r.division or "—")}</td>{"".join(_heat_cell(c) for c in r.cells)}</tr>' for r in rows))


@register.filter
def bar_step(value):
    """A percent as the css width class of a bar, in steps of 5 (w0 … w100)."""
    return "w0" if value is None else f"w{5 * round(value / 5)}"
