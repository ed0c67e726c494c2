"""Charts on pages: a chart is data (a title, labels, named series); ``render`` draws it once
with matplotlib (``documents.charts``), cached by its data (in the shared cache, the last few
also in each process's memory), as inline SVG that keeps the strict CSP (no <style> element, no
style attribute) and names itself for screen readers, with the same numbers as a table one click
away (``templates/charts/chart.html``).

Never a chart of people: the labels are units, zones, divisions, months, rules or items.
"""
import functools
import hashlib
import logging
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dangjian.lib.documents import charts

log = logging.getLogger(__name__)

KINDS = ("line", "bar", "hbar", "stacked")
CACHE_TTL = 24 * 3600
# Drawing is a pure function of the data (about 0.15 s a chart): each process keeps the last few
# drawings (tens of KB each) in front of the shared cache, and a page shown again needs neither.
MEMO_SIZE = 64
VERSION = 3                 # bump when the drawing changes, so cached SVG is redrawn
# The CSS properties matplotlib writes that SVG also knows as presentation attributes.
PRESENTATION = {"fill", "fill-opacity", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
                "stroke-opacity", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit",
                "opacity", "clip-path", "fill-rule"}


@dataclass(frozen=True)
class Chart:
    kind: str                   # one of KINDS
    title: str
    label_header: str           # the table's first column ("月份", "协作区" …)
    labels: tuple
    series: tuple               # ((name, (value or None, …)), …), a value per label
    unit: str = ""              # "%", "个" …: printed after each number in the table
    summary: str = ""           # one sentence for screen readers, beside the title
    top: float | None = None    # the value axis ends here (100 for shares in percent)
    decimals: int = 1           # the table's decimals (points are shown to two, as the pages do)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")
        for name, values in self.series:
            if len(values) != len(self.labels):
                raise ValueError(f"series {name!r} has {len(values)} values for {len(self.labels)} labels")

    @property
    def key(self) -> str:
        return hashlib.sha256(repr((VERSION, self)).encode()).hexdigest()[:16]

    @property
    def empty(self) -> bool:
        return not self.labels or all(v is None for _n, values in self.series for v in values)


@dataclass
class Drawn:
    """What the template shows: the SVG (or "" when it could not be drawn) and the table."""
    chart: Chart
    svg: SafeString
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    @property
    def title(self):
        return self.chart.title


def number(value, unit: str = "", decimals: int = 1) -> str:
    """A table cell: "—" for missing, whole numbers without ".0", ``decimals`` decimals otherwise."""
    if value is None:
        return "—"
    text = f"{value:g}" if float(value).is_integer() else f"{value:.{decimals}f}"
    return f"{text}{unit}"


def table(chart: Chart) -> tuple[list, list]:
    headers = [chart.label_header, *(name for name, _values in chart.series)]
    rows = [[label, *(number(values[i], chart.unit, chart.decimals) for _name, values in chart.series)]
            for i, label in enumerate(chart.labels)]
    return headers, rows


def _attributes(match) -> str:
    pairs = []
    for declaration in match.group(1).split(";"):
        name, _sep, value = (part.strip() for part in declaration.partition(":"))
        if name in PRESENTATION and value:
            pairs.append(f'{name}="{escape(value)}"')
    return " ".join(pairs)


def inline(svg: str, prefix: str, label: str) -> str:
    """matplotlib's SVG made fit to sit in a page: no XML prolog, metadata or <style>; styles as
    presentation attributes (the CSP forbids inline styles); ids prefixed (several charts on a
    page); sized by CSS; role="img" with a <title> as its accessible name."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)       # matplotlib's copy of each text
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = re.sub(r'style="([^"]*)"', _attributes, svg)
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = re.sub(r'(xlink:href|href)="#', rf'\1="#{prefix}-', svg)
    svg = svg.replace("url(#", f"url(#{prefix}-")
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*" ', r"<svg \1", svg, count=1)
    title = f'<title id="{prefix}-title">{escape(label)}</title>'
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{prefix}-title" class="chart-svg" '
                      'stroke-linejoin="round" stroke-linecap="butt" focusable="false" ', 1)
    return re.sub(r"(<svg[^>]*>)", rf"\1{title}", svg, count=1)


def figure(chart: Chart):
    """The matplotlib figure of a chart: the page's SVG and a Word document's PNG (``png``)."""
    labels, series = list(chart.labels), {name: list(values) for name, values in chart.series}
    if chart.kind == "line":
        return charts.line_chart(chart.title, labels, series, unit=chart.unit, top=chart.top)
    return charts.grouped_bar_chart(chart.title, labels, series, unit=chart.unit,
                                    horizontal=chart.kind == "hbar", stacked=chart.kind == "stacked",
                                    top=chart.top)


@functools.lru_cache(maxsize=MEMO_SIZE // 4)
def png(chart: Chart) -> bytes:
    """The same picture as on the page, as PNG for a Word document (raises FontMissing)."""
    return charts.png(figure(chart))


def _draw(chart: Chart) -> str:
    label = f"{chart.title}。{chart.summary}" if chart.summary else chart.title
    return inline(charts.svg(figure(chart)), f"c{chart.key[:10]}", label + _("（数据见图下表格）"))


def render(chart: Chart) -> Drawn:
    """The chart drawn (from the cache when the same data was drawn before) and its table.
    No chart is drawn for no data; without a Chinese font the page keeps the table."""
    headers, rows = table(chart)
    if chart.empty:
        return Drawn(chart, mark_safe(""), headers, rows)
    try:
        svg = _svg(chart)
    except charts.FontMissing as error:
        log.warning("chart not drawn: %s", error)
        return Drawn(chart, mark_safe(""), headers, rows)
    return Drawn(chart, mark_safe(svg), headers, rows)   # noqa: S308 (our own drawing, escaped labels)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _svg(chart: Chart) -> str:
    """The chart's SVG from the shared cache, or drawn and stored there (raises FontMissing)."""
    key = f"pagechart:{chart.key}"
    svg = cache.get(key)
    if svg is None:
        svg = _draw(chart)
        cache.set(key, svg, CACHE_TTL)
    return svg


def percent(met, due) -> float | None:
    """A share in percent to one decimal for a chart, None (a gap, never 0) when nothing was due."""
    return None if not due else round(100 * met / due, 1)
