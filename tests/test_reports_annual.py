"""The annual review: every number in the document is the number of /figures/annual/."""
import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from dangjian.figures.annual import annual_numbers
from dangjian.lib.documents import pdf
from dangjian.reports.review import annual_review_context, annual_review_docx
from dangjian.reports.scope import scope_user

YEAR = 2026


def headline_rows(data: bytes) -> dict:
    """{label: (value, previous)} from the 主要数据 table of the document."""
    table = Document(io.BytesIO(data)).tables[0]
    return {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in table.rows[1:]}


@pytest.fixture
def review(reg):
    return annual_review_docx(reg.committee, YEAR, "市直机关", citywide=True)


def test_every_headline_number_is_the_annual_page_number(reg, review, login):
    rows = headline_rows(review)
    now = annual_numbers(reg.committee, YEAR)
    last = {f.key: f.value for f in annual_numbers(reg.committee, YEAR - 1)}
    for figure in now:
        assert rows[figure.label] == (str(figure.value), str(last[figure.key]))
    page = login(reg.committee).get("/figures/annual/", {"year": YEAR})
    assert page.status_code == 200
    assert [f.value for f in page.context["figures"]] == [f.value for f in now]
    assert rows["品牌"][0].isdigit()


def test_the_burden_section_counts_the_numbers_in_the_document(reg):
    context = annual_review_context(reg.committee, YEAR, "市直机关", citywide=True)
    filled = len(context["headline"]) + sum(1 for r in context["headline"] if r["previous"] != "—")
    assert context["filled"] == filled > 10
    assert f"本综述中的{filled}个数字" in context["sections"]["burden"]["paragraphs"][0]
    assert len(context["sources"]) == len(context["headline"])


def test_a_unit_admin_review_counts_only_their_unit(reg):
    mine = {r["key"]: r["value"] for r in annual_review_context(reg.unit_admin, YEAR, "x", citywide=False)["headline"]}
    city = {r["key"]: r["value"] for r in annual_review_context(reg.committee, YEAR, "x", citywide=False)["headline"]}
    assert mine["units"] == 1 < city["units"]


def test_the_command_writes_the_city_review(reg, tmp_path):
    out = tmp_path / "review.docx"
    call_command("annual_review", "--year", str(YEAR), "--scope", "city", "-o", str(out), stdout=io.StringIO())
    rows = headline_rows(out.read_bytes())
    for figure in annual_numbers(reg.committee, YEAR):
        assert rows[figure.label][0] == str(figure.value)


def test_the_command_takes_a_zone_or_unit_name(reg, tmp_path):
    out = tmp_path / "unit.docx"
    call_command("annual_review", "--year", str(YEAR), "--scope", reg.unit_a.name, "-o", str(out),
                 stdout=io.StringIO())
    rows = headline_rows(out.read_bytes())
    for figure in annual_numbers(reg.unit_admin, YEAR):
        assert rows[figure.label][0] == str(figure.value)
    user, name = scope_user(reg.zone_a.name)
    assert name == reg.zone_a.name
    assert annual_numbers(user, YEAR)[0].value == 1       # zone A holds unit A only


def test_an_unknown_scope_is_refused(reg, tmp_path):
    out = tmp_path / "x.docx"
    with pytest.raises(CommandError, match="找不到范围“火星”"):
        call_command("annual_review", "--year", str(YEAR), "--scope", "火星", "-o", str(out))
    assert not out.exists()


def test_the_pdf_shows_chinese_headings_numbers_and_a_cjk_font(reg, review):
    data = pdf.docx_to_pdf(review)
    text = pdf.pdf_text(data)
    assert "主要数据" in text and "为基层减负" in text
    assert "数据来源" in text
    units = next(f for f in annual_numbers(reg.committee, YEAR) if f.key == "units").value
    assert str(units) in text
    assert [f for f in pdf.pdf_fonts(data) if f.cjk and f.embedded]
    assert pdf.pdf_image_count(data) >= 1
