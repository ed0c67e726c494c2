"""Charts with Chinese labels, drawn by matplotlib (Agg, no display, no internet): the same
figure as SVG text for pages and PNG bytes for Word.

Chinese needs a CJK font: Debian's fonts-noto-cjk (``make fonts``). SVG glyphs are drawn as
paths (svg.fonttype "path"), so a page shows them without the font on the reader's machine.
"""
import io
from typing import Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402  (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402

PREFERRED = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei")
PALETTE = ("#c0392b", "#2c6fbb", "#e6a23c", "#5a9e6f", "#8e6bb8", "#7f8c8d")
# Stacked series are ordered categories (grades from 好 to 差): one hue from dark to light, so no
# colour reads as "good" or "bad" by itself; the last (e.g. 未评等次) grey.
ORDERED = ("#7b1a12", "#c0392b", "#e0806f", "#f3c1b5", "#9e9e9e", "#616161")


def _legend(figure, count: int):
    """The legend below the plot, never over a bar or a line."""
    figure.legend(loc="outside lower center", ncols=min(count, 5), frameon=False, fontsize=8)


class FontMissing(RuntimeError):
    pass


def cjk_font() -> str:
    """The family name of an installed CJK font matplotlib can use."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in PREFERRED:
        if name in installed:
            return name
    raise FontMissing("No Chinese font for charts: install Debian's fonts-noto-cjk (`make fonts`)")


def style() -> dict:
    """The rc settings every chart is drawn and saved under (never the global ones)."""
    return {"font.family": [cjk_font()], "axes.unicode_minus": False, "svg.fonttype": "path",
            "svg.hashsalt": "dangjian"}   # a fixed salt: the same data gives the same SVG


def _figure(title: str, size=(6.4, 3.6)):
    with matplotlib.rc_context(style()):
        figure = Figure(figsize=size, dpi=100, layout="constrained")
        axes = figure.subplots()
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], *, unit: str = ""):
    figure, axes = _figure(title)
    with matplotlib.rc_context(style()):
        bars = axes.bar(list(labels), list(values), color=PALETTE[0])
        axes.bar_label(bars, fmt="%g")
        if unit:
            axes.set_ylabel(unit)
    return figure


def line_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float]], *, unit: str = "",
               top: float | None = None):
    figure, axes = _figure(title)
    with matplotlib.rc_context(style()):
        for colour, (name, values) in zip(PALETTE * 3, series.items()):
            axes.plot(list(labels), _nan(values), marker="o", color=colour, label=name)
        if top is not None:
            axes.set_ylim(0, top)
        if unit:
            axes.set_ylabel(unit)
        if len(series) > 1:
            _legend(figure, len(series))
    return figure


def _nan(values):
    """Values for matplotlib: a missing one (None) becomes a gap, never a zero."""
    return [float("nan") if v is None else v for v in values]


def grouped_bar_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]], *,
                      unit: str = "", horizontal: bool = False, stacked: bool = False,
                      top: float | None = None):
    """Bars per label, one colour per series: side by side, or stacked (counts that add up).
    Horizontal bars read better for long labels (indicator groups, checklist items)."""
    count = max(len(labels), 1)
    size = (6.4, max(2.4, 0.42 * count + 1.2)) if horizontal else (6.4, 3.6)
    figure, axes = _figure(title, size)
    with matplotlib.rc_context(style()):
        positions = list(range(len(labels)))
        width = 0.8 if stacked else 0.8 / max(len(series), 1)
        base = [0.0] * len(labels)
        colours = ORDERED if stacked and len(series) <= len(ORDERED) else PALETTE * 3
        for i, (colour, (name, values)) in enumerate(zip(colours, series.items())):
            values = _nan(values)
            offset = 0 if stacked else (i - (len(series) - 1) / 2) * width
            at = [p + offset for p in positions]
            draw = axes.barh if horizontal else axes.bar
            extra = {"left" if horizontal else "bottom": list(base)} if stacked else {}
            bars = draw(at, values, width, color=colour, label=name, **extra)
            if not stacked:
                axes.bar_label(bars, fmt="%g", fontsize=8)
            base = [b + (0 if v != v else v) for b, v in zip(base, values)]
        if top is not None:   # headroom: a full bar's label stays clear of the title (or the edge)
            (axes.set_xlim if horizontal else axes.set_ylim)(0, top if stacked else top * 1.08)
        if horizontal:
            axes.set_yticks(positions, list(labels))
            axes.invert_yaxis()                   # the first label on top, as the table reads
            if unit:
                axes.set_xlabel(unit)
        else:
            axes.set_xticks(positions, list(labels))
            if count > 6:
                axes.tick_params(axis="x", labelrotation=30)
            if unit:
                axes.set_ylabel(unit)
        if len(series) > 1:
            _legend(figure, len(series))
    return figure


def svg(figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(style()):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def png(figure, *, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(style()):
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
