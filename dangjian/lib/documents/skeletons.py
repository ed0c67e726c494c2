"""The default docxtpl templates shipped in ``templates/``, made here with python-docx.

Run ``python -m dangjian.lib.documents.skeletons`` to write them again after a change (a test
checks the shipped files hold what this module makes). The committee edits a copy in Word and
drops it in ``DOCUMENT_TEMPLATES_DIR``; the placeholders below are the contract with the code.

``annual_review.docx`` (年度工作综述) expects:
- ``title``, ``scope_name``, ``year``, ``issuer``, ``date`` (text);
- ``intro``: paragraphs (list of text) before the numbers;
- ``headline``: rows of {label, value, previous, change, three, source} for the 主要数据 table
  (``three``: the three years to the year added up, 三年来);
- ``comparison``: paragraphs comparing with the previous year and the three years (三年来);
- ``sections``: for each of SECTIONS' codes, {paragraphs: [text], rows: [rows as in headline],
  charts: [{image, caption}]}, ``image`` being a ``templates.TemplateImage``; the section's
  table of numbers is left out when it has no rows;
- ``sources``: rows of {ref, label, origin}: where each number came from.
"""
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from . import styling
from .official import apply_styles, heading_text, page_numbers
from .styling import FANGSONG, HEITI, KAITI, SIZES, XIAOBIAOSONG

DIRECTORY = Path(__file__).resolve().parent / "templates"

# The annual review's sections, in the seed review's order: (code, heading).
SECTIONS = (
    ("political_study", "坚持理论武装，政治学习走深走实"),
    ("organization", "夯实基层基础，组织建设全面过硬"),
    ("clean_organ", "驰而不息正风肃纪，清廉机关建设持续深化"),
    ("brands", "培育先进典型，品牌创建和评选成效明显"),
    ("assessment", "压实党建责任，日常考核客观公正"),
    ("burden", "用数据代替填表，为基层减负"),
)
HEADLINE_COLUMNS = (("指标", "label"), ("本年", "value"), ("上年", "previous"), ("变化", "change"),
                    ("三年来", "three"), ("来源", "source"))


def _paragraph(document, text, *, style=None, align=None, indent=True):
    paragraph = document.add_paragraph(text, style=style)
    if align is not None:
        paragraph.alignment = align
    if indent and style is None and align is None:
        paragraph.paragraph_format.first_line_indent = styling.Pt(2 * SIZES["三号"])
    return paragraph


def _loop(document, items, body, **kwargs):
    """A docxtpl paragraph loop: each tag in a paragraph (and a run) of its own."""
    _paragraph(document, f"{{%p for item in {items} %}}", indent=False)
    _paragraph(document, body, **kwargs)
    _paragraph(document, "{%p endfor %}", indent=False)


def _numbers_table(document, rows):
    """A table of numbers: a header row and one row per item of ``rows`` (a docxtpl row loop)."""
    table = document.add_table(rows=4, cols=len(HEADLINE_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, (label, _key) in zip(table.rows[0].cells, HEADLINE_COLUMNS):
        cell.text = label
    table.rows[1].cells[0].text = f"{{%tr for row in {rows} %}}"
    for cell, (_label, key) in zip(table.rows[2].cells, HEADLINE_COLUMNS):
        cell.text = f"{{{{ row.{key} }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for number, row in enumerate(table.rows):
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    styling.set_font(run, HEITI if number == 0 else FANGSONG, size=SIZES["小四"])
    return table


def annual_review() -> Document:
    document = Document()
    styling.set_language(document)
    styling.setup_page(document.sections[0], top=37, bottom=35, left=28, right=26)
    apply_styles(document)
    title = _paragraph(document, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    styling.set_font(title.add_run("{{ title }}"), XIAOBIAOSONG, size=SIZES["二号"])
    by = _paragraph(document, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    styling.set_font(by.add_run("{{ issuer }}　{{ date }}"), KAITI, size=SIZES["三号"])
    document.add_paragraph()
    _loop(document, "intro", "{{ item }}")

    document.add_paragraph(heading_text(1, 1, "主要数据"), style="Heading 1")
    _paragraph(document, "{{ year }}年{{ scope_name }}主要数据如下（数据均由平台按记录计算，"
                         "来源见文末）。")
    _numbers_table(document, "headline")
    document.add_paragraph()
    _loop(document, "comparison", "{{ item }}")

    for number, (code, heading) in enumerate(SECTIONS, start=2):
        document.add_paragraph(heading_text(1, number, heading), style="Heading 1")
        _loop(document, f"sections.{code}.paragraphs", "{{ item }}")
        _paragraph(document, f"{{%p if sections.{code}.rows %}}", indent=False)
        _numbers_table(document, f"sections.{code}.rows")
        _paragraph(document, "{%p endif %}", indent=False)
        _paragraph(document, f"{{%p for chart in sections.{code}.charts %}}", indent=False)
        picture = _paragraph(document, "{{ chart.image }}", align=WD_ALIGN_PARAGRAPH.CENTER)
        picture.paragraph_format.line_spacing = 1.0     # a fixed 28 pt would crop the chart
        _paragraph(document, "图：{{ chart.caption }}", align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(document, "{%p endfor %}", indent=False)

    document.add_paragraph("附：数据来源", style="Heading 1")
    _loop(document, "sources", "{{ item.ref }} {{ item.label }}：{{ item.origin }}")
    page_numbers(document, document.sections[0])
    document.core_properties.title = "年度工作综述（模板）"
    return document


SKELETONS = {"annual_review.docx": annual_review}


def write(directory: Path = DIRECTORY) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SKELETONS.items():
        make().save(directory / name)
        written.append(directory / name)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else DIRECTORY):
        print(path)
