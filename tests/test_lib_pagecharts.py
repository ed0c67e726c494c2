"""Charts on pages: inline SVG that keeps the CSP, names itself, and has its numbers in a table."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.lib import pagecharts
from dangjian.lib.documents import charts

LABELS = ("第一协作区", "第二协作区", "第三协作区")


def chart(kind="bar", title="各协作区落实率"):
    series = (("2025年", (80.0, None, 100.0)), ("2026年", (90.5, 70.0, 0.0)))
    return pagecharts.Chart(kind, title, "协作区", LABELS, series, unit="%")


@pytest.mark.parametrize("kind", pagecharts.KINDS)
def test_a_drawn_chart_keeps_the_csp_and_names_itself(kind):
    drawn = pagecharts.render(chart(kind))
    svg = str(drawn.svg)
    assert svg.startswith("<svg role=\"img\" aria-labelledby=")
    assert "<style" not in svg and "style=" not in svg and "<?xml" not in svg and "<!--" not in svg
    assert 'width="' not in svg.split(">", 1)[0]            # sized by CSS, not in points
    ids = re.findall(r'\bid="([^"]+)"', svg)
    prefix = ids[0].split("-")[0]
    assert all(i.startswith(prefix + "-") for i in ids) and len(ids) == len(set(ids))
    for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', svg):
        assert ref in ids                                    # every reference still resolves
    title = re.search(r'<title id="([^"]+)">([^<]+)</title>', svg)
    assert title.group(1) == f"{prefix}-title" and "各协作区落实率" in title.group(2)
    assert svg.count("<path") > 20                          # drawn: glyphs, bars, axes


def test_different_data_gets_different_ids_and_the_same_data_is_drawn_once(monkeypatch):
    pagecharts._svg.cache_clear()                            # drawn by an earlier test perhaps
    first, second = chart(), chart(title="另一张图")
    assert first.key != second.key
    assert str(pagecharts.render(first).svg) != str(pagecharts.render(second).svg)
    monkeypatch.setattr(pagecharts, "_draw", lambda c: pytest.fail("drawn again"))
    assert "<svg" in pagecharts.render(first).svg            # from this process's memory
    pagecharts._svg.cache_clear()                            # as another worker meets it
    assert "<svg" in pagecharts.render(first).svg            # from the shared cache


def test_the_table_holds_every_number_and_a_gap_stays_a_gap():
    drawn = pagecharts.render(chart())
    assert drawn.headers == ["协作区", "2025年", "2026年"]
    assert drawn.rows == [["第一协作区", "80%", "90.5%"], ["第二协作区", "—", "70%"], ["第三协作区", "100%", "0%"]]


def test_without_a_chinese_font_the_page_keeps_the_table(monkeypatch):
    monkeypatch.setattr(charts, "PREFERRED", ("No Such Font",))
    drawn = pagecharts.render(chart(title="无字体"))
    assert drawn.svg == "" and len(drawn.rows) == 3


def test_no_data_draws_nothing():
    empty = pagecharts.Chart("line", "空", "月份", ("1月",), (("2026年", (None,)),))
    assert empty.empty and pagecharts.render(empty).svg == ""


def test_a_series_must_have_a_value_per_label_and_the_kind_must_be_known():
    with pytest.raises(ValueError):
        pagecharts.Chart("bar", "错", "甲", ("a", "b"), (("x", (1,)),))
    with pytest.raises(ValueError):
        pagecharts.Chart("pie", "错", "甲", ("a",), (("x", (1,)),))


def test_labels_that_look_like_markup_stay_text():
    evil = pagecharts.Chart("bar", "<script>alert(1)</script>", "甲", ("--><b>x</b>",), (("<i>", (1,)),))
    svg = str(pagecharts.render(evil).svg)
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;" in svg                           # in the accessible name, escaped


@given(st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False)),
       st.sampled_from(["", "%", "个"]))
def test_a_number_prints_missing_as_a_dash_and_whole_numbers_without_decimals(value, unit):
    text = pagecharts.number(value, unit)
    if value is None:
        assert text == "—"
    else:
        assert text.endswith(unit)
        body = text[: len(text) - len(unit)] if unit else text
        assert abs(float(body) - value) <= 0.05 + abs(value) * 1e-6
        assert ("." in body) == (not float(value).is_integer()) or "e" in body


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_a_share_is_missing_when_nothing_was_due_and_else_within_bounds(met, due):
    value = pagecharts.percent(min(met, due), due)
    assert (value is None) == (due == 0)
    if value is not None:
        assert 0 <= value <= 100


def test_the_same_chart_gives_a_png_for_word():
    data = pagecharts.png(chart("line"))
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_a_chart_of_points_keeps_two_decimals_in_its_table():
    from dangjian.lib.pagecharts import Chart, table
    chart = Chart("bar", "得分", "对象", ("甲", "乙"), (("得分", (15.47, 15.0)),), unit="分", decimals=2)
    assert table(chart)[1] == [["甲", "15.47分"], ["乙", "15分"]]
    assert table(Chart("bar", "得分", "对象", ("甲",), (("得分", (15.47,)),)))[1] == [["甲", "15.5"]]
