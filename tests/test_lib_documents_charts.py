"""Charts with Chinese labels (SVG for pages, PNG for Word) and the pure helpers of the notice."""
import io
import re
import warnings
from datetime import date

import matplotlib
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from dangjian.lib.documents import charts, official

LABELS = ["第一片区", "第二片区", "第三片区"]


def drawn(make):
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # "Glyph ... missing from font" fails the test
        figure = make()
        return charts.svg(figure), charts.png(figure)


def test_a_bar_chart_draws_its_chinese_labels_as_glyphs_of_a_cjk_font():
    svg, png = drawn(lambda: charts.bar_chart("各片区党支部数", LABELS, [12, 30, 7], unit="个"))
    assert svg.startswith("<?xml") and "<svg" in svg
    glyphs = set(re.findall(r'<path id="(NotoSansCJKsc-[^"]+)"', svg))
    distinct = set("各片区党支部数第一二三个")
    assert len(glyphs) >= len(distinct)           # one glyph path per Chinese character, at least
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (960, 540)
    assert len(image.convert("L").getcolors()) > 20      # drawn, not a blank canvas


def test_a_line_chart_has_a_legend_per_series_and_is_the_same_for_the_same_data():
    make = lambda: charts.line_chart("月度趋势", ["1月", "2月", "3月"],  # noqa: E731
                                     {"2025年": [1, 2, 3], "2026年": [2, 3, 1]})
    svg, png = drawn(make)
    assert svg.count('id="line2d_') >= 2 and len(png) > 5000
    assert drawn(make)[0] == svg                 # deterministic: no date, fixed hash salt


def test_charts_leave_the_global_matplotlib_settings_alone():
    before = dict(matplotlib.rcParams)
    drawn(lambda: charts.bar_chart("图", ["甲"], [1]))
    assert matplotlib.rcParams["font.family"] == before["font.family"]
    assert matplotlib.rcParams["svg.fonttype"] == before["svg.fonttype"]


def test_the_cjk_font_is_found_and_a_missing_one_says_what_to_install(monkeypatch):
    assert charts.cjk_font() == "Noto Sans CJK SC"
    monkeypatch.setattr(charts, "PREFERRED", ("No Such Font",))
    try:
        charts.cjk_font()
    except charts.FontMissing as error:
        assert "fonts-noto-cjk" in str(error)
    else:
        raise AssertionError("no error without a CJK font")


NUMERALS = dict(zip("一二三四五六七八九", range(1, 10)))


def read_chinese(text):
    """The inverse of chinese_number, for the property test."""
    if "十" not in text:
        return NUMERALS[text]
    tens, _, ones = text.partition("十")
    return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[ones] if ones else 0)


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numbers_read_back(n):
    text = official.chinese_number(n)
    assert read_chinese(text) == n and "〇" not in text


@given(st.dates(min_value=date(1949, 10, 1), max_value=date(2099, 12, 31)))
def test_dates_are_written_whole_in_both_numerals(day):
    arabic = official.written_date(day)
    assert arabic == f"{day.year}年{day.month}月{day.day}日"
    chinese = official.written_date(day, chinese=True)
    year, rest = chinese.split("年")
    month, rest = rest.split("月")
    assert len(year) == 4 and read_chinese(month) == day.month and read_chinese(rest.rstrip("日")) == day.day


@given(st.sampled_from([1, 2, 3]), st.integers(min_value=1, max_value=20))
def test_headings_are_numbered_as_the_standard_says(level, index):
    text = official.heading_text(level, index, "标题")
    assert text.endswith("标题")
    assert {1: "、标题", 2: "）标题", 3: "．标题"}[level] in text


CJK_TEXT = st.text(alphabet=st.sampled_from("中共市直机关工作委员会财政局党支部0123456789年月日"), min_size=1, max_size=30)


@given(CJK_TEXT, st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.booleans())
def test_the_signer_is_centred_over_the_date_or_flush_with_it(signer, day, chinese):
    notice = official.OfficialNotice(issuer="机关", number="", title="", addressee="", paragraphs=[],
                                     date=day, signer=signer, chinese_date=chinese)
    name, when, signer_right, date_right = official.signature_lines(notice)
    assert name == signer and date_right == 4 and signer_right >= 0
    centre_of_date = date_right + official._width(when) / 2
    centre_of_signer = signer_right + official._width(signer) / 2
    # Centred unless the signer is so long that it would pass the right margin.
    assert centre_of_signer == centre_of_date or signer_right == 0


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 3)), max_size=50))
def test_page_hints_rise_with_every_entry(shapes):
    from dangjian.lib.documents.booklet import Booklet, BookletEntry, page_hints
    entries = [BookletEntry(name=f"支部{i}", paragraphs=["字" * chars] if chars else [],
                            images=[f"p{j}.png" for j in range(pictures)])
               for i, (chars, pictures) in enumerate(shapes)]
    hints = page_hints(Booklet(title="t", entries=entries))
    assert len(hints) == len(entries)
    assert all(b > a for a, b in zip(hints, hints[1:]))
    if hints:
        assert hints[0] == 2 + max(1, -(-len(entries) // 20))
