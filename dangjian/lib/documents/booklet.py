"""A booklet of a round's winners, in the manner of the seed's 红旗党支部风采录.

A cover (title, subtitle, issuer, date), a contents page, then one section per entry (its name
as a heading, the unit, a subtitle, the paragraphs of its materials and its pictures, scaled to
the page's width), each entry starting on a new page.

The contents page is a real Word TOC field. Its shown result is written here already, one line
per entry with a PAGEREF field to the entry's heading (what Word itself writes), so it reads
without updating fields. Word updates the table when it opens the booklet (the document asks
to update its fields). LibreOffice keeps a TOC's result as written, so the page numbers written
are either ``pages`` given by the caller (measured on a first rendering: ``pdf.first_pages``)
or an estimate (``page_hints``).
"""
import logging
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.image.image import Image
from docx.shared import Mm, Pt

from . import styling
from .official import written_date
from .styling import FANGSONG, HEITI, KAITI, RED, SIZES, SONGTI, XIAOBIAOSONG

log = logging.getLogger(__name__)
MARGINS = {"top": 30, "bottom": 28, "left": 28, "right": 26}
TEXT_WIDTH = Mm(210 - MARGINS["left"] - MARGINS["right"])
ENTRIES_PER_CONTENTS_PAGE = 20
MAX_IMAGE_HEIGHT = Mm(170)
IMAGE_TYPES = {".png", ".jpg", ".jpeg"}
TOC_STYLE = "toc 1"


@dataclass(frozen=True)
class BookletEntry:
    name: str                          # the winner, e.g. a branch's name
    unit: str = ""                     # its unit
    subtitle: str = ""                 # e.g. its brand or the case's title
    paragraphs: Sequence[str] = ()     # its materials
    images: Sequence[Path | str] = ()  # png/jpg files


@dataclass(frozen=True)
class Booklet:
    title: str
    subtitle: str = ""
    issuer: str = ""
    date: Date | None = None
    entries: Sequence[BookletEntry] = field(default_factory=tuple)


def bookmark_name(index: int) -> str:
    return f"_TocEntry{index:04d}"


def page_hints(booklet: Booklet) -> list[int]:
    """Estimated first page of each entry: the cover is page 1, then the contents pages, then
    each entry at its lines of 28 characters, 24 lines a page (the heading block takes four
    lines), a picture taking about 11 lines."""
    page = 2 + max(1, -(-len(booklet.entries) // ENTRIES_PER_CONTENTS_PAGE))
    hints = []
    for entry in booklet.entries:
        hints.append(page)
        lines = 4 + sum(-(-(len(p) + 2) // 28) for p in entry.paragraphs) + 11 * len(entry.images)
        page += -(-lines // 24)
    return hints


def build(booklet: Booklet, pages: Sequence[int] | None = None) -> bytes:
    """The booklet's .docx; ``pages``, if known, are the entries' first pages for the contents."""
    if pages is not None and len(pages) != len(booklet.entries):
        raise ValueError("one page number per entry")
    for entry in booklet.entries:
        for image in entry.images:
            if Path(image).suffix.lower() not in IMAGE_TYPES:
                raise ValueError(f"not a png/jpg picture: {image}")
    document = Document()
    styling.set_language(document)
    _styles(document)
    cover = document.sections[0]
    styling.setup_page(cover, **MARGINS, footer=18)
    _cover(document, booklet)
    body = document.add_section(WD_SECTION.NEW_PAGE)
    _page_numbers(body)
    _contents(document, booklet, pages or page_hints(booklet))
    for index, entry in enumerate(booklet.entries, start=1):
        _entry(document, index, entry)
    styling.ask_to_update_fields(document)
    document.core_properties.title = booklet.title
    document.core_properties.author = booklet.issuer
    return styling.to_bytes(document)


def build_paginated(booklet: Booklet) -> bytes:
    """The booklet with its contents' page numbers measured on a LibreOffice rendering of a
    first draft. Without LibreOffice (``make office``), or if a heading is not found on its own
    line, it is the draft, with the estimated pages."""
    from .pdf import ConversionFailed, OfficeMissing, docx_to_pdf, first_pages

    draft = build(booklet)
    if not booklet.entries:
        return draft
    try:
        rendered = docx_to_pdf(draft)
    except (OfficeMissing, ConversionFailed) as error:
        log.warning("booklet contents keep estimated pages: %s", error)
        return draft
    pages = first_pages(rendered, [entry.name for entry in booklet.entries], start=3)
    if None in pages:
        log.warning("booklet contents keep estimated pages: a heading was not found")
        return draft
    return build(booklet, pages)


def _styles(document):
    normal = document.styles["Normal"]
    styling.set_font(normal, FANGSONG, size=SIZES["三号"])
    styling.exact_spacing(normal.paragraph_format, 28)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    heading = document.styles["Heading 1"]
    styling.set_font(heading, XIAOBIAOSONG, size=SIZES["二号"], bold=False, color=RED)
    fmt = heading.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before, fmt.space_after = Pt(12), Pt(12)
    fmt.line_spacing = 1.2
    fmt.keep_with_next = True
    line = document.styles.add_style(TOC_STYLE, WD_STYLE_TYPE.PARAGRAPH)   # Word's built-in name
    line.base_style = normal
    line.paragraph_format.space_after = Pt(4)      # 30 pt a line: 20 entries a contents page
    styling.set_font(line, FANGSONG, size=SIZES["四号"])
    line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    styling.exact_spacing(line.paragraph_format, 26)


def _centred(document, text, face, size, *, before=0, color=None):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = 1.3
    paragraph.paragraph_format.space_before = Pt(before)
    styling.set_font(paragraph.add_run(text), face, size=size, color=color)
    return paragraph


def _cover(document, booklet):
    _centred(document, booklet.title, XIAOBIAOSONG, SIZES["小初"], before=150, color=RED)
    if booklet.subtitle:
        _centred(document, booklet.subtitle, KAITI, SIZES["小二"], before=24)
    if booklet.issuer:
        _centred(document, booklet.issuer, FANGSONG, SIZES["三号"], before=260)
    if booklet.date:
        _centred(document, written_date(booklet.date), FANGSONG, SIZES["三号"], before=6)


def _page_numbers(section):
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def font(run):
        styling.set_font(run, SONGTI, size=SIZES["四号"], latin=SONGTI)

    font(paragraph.add_run("— "))
    styling.add_field(paragraph, "PAGE", "2", font=font)
    font(paragraph.add_run(" —"))
    # The cover's own footer stays empty (a section of its own).
    cover = section.part.document.sections[0]
    cover.footer.is_linked_to_previous = False


def _contents(document, booklet, hints):
    heading = _centred(document, "目　　录", HEITI, SIZES["二号"], before=12)
    heading.paragraph_format.space_after = Pt(18)
    if not booklet.entries:
        document.add_paragraph("（本册暂无条目）")
        return

    def font(run):
        styling.set_font(run, FANGSONG, size=SIZES["四号"])

    for index, (entry, hint) in enumerate(zip(booklet.entries, hints), start=1):
        paragraph = document.add_paragraph(style=TOC_STYLE)
        if index == 1:
            styling.open_field(paragraph, 'TOC \\o "1-1" \\h \\z \\u')
        label = entry.name + (f"（{entry.unit}）" if entry.unit else "")
        font(paragraph.add_run(f"{label}\t"))
        styling.add_field(paragraph, f"PAGEREF {bookmark_name(index)} \\h", str(hint), font=font)
        if index == len(booklet.entries):
            styling.close_field(paragraph)


def _entry(document, index, entry):
    heading = document.add_paragraph(entry.name, style="Heading 1")
    heading.paragraph_format.page_break_before = True
    styling.add_bookmark(heading, bookmark_name(index), index)
    if entry.unit:
        _centred(document, entry.unit, KAITI, SIZES["三号"])
    if entry.subtitle:
        subtitle = _centred(document, f"——{entry.subtitle}", HEITI, SIZES["三号"], before=6)
        subtitle.paragraph_format.space_after = Pt(12)
    for text in entry.paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(2 * SIZES["三号"])
    for image in entry.images:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = 1.0    # a fixed 28 pt would crop the picture
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.add_run().add_picture(str(image), **picture_size(image))


def picture_size(path) -> dict:
    """The page's width, or less for a tall picture, so that it fits on a page."""
    image = Image.from_file(str(path))
    height = TEXT_WIDTH * image.px_height // max(image.px_width, 1)
    if height <= MAX_IMAGE_HEIGHT:
        return {"width": TEXT_WIDTH}
    return {"height": MAX_IMAGE_HEIGHT}


__all__ = ["Booklet", "BookletEntry", "build", "build_paginated", "page_hints", "bookmark_name", "picture_size"]
