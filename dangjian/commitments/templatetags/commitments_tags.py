"""The overview's tally rows, written in one pass: a province's 120 zones and a page of units,
eight numbers each, took most of the page's time through the template's per-cell tags."""
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from dangjian.lib.links import url_maker

register = template.Library()


def _cells(tally):
    return "".join(f"<td>{n}</td>" for n in (*tally.cells, tally.total, tally.overdue))


@register.simple_tag
def tally_rows(tallies, year=None):
    """<tr>s of Tallies: the name (with ``year``, a link to the unit's lists of that year), a cell
    per status, the total and the items past their date; the HTML is the template's."""
    unit = url_maker("commitments:unit")
    return mark_safe("".join(
        f'<tr><td><a href="{unit(t.pk)}?year={int(year)}">{escape(t.name)}</a></td>{_cells(t)}</tr>\n' if year
        else f"<tr><td>{escape(t.name)}</td>{_cells(t)}</tr>\n" for t in tallies))
