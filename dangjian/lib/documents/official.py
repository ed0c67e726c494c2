"""A notice in official-document layout (公文格式), after GB/T 9704-2012 《党政机关公文格式》.

What is laid out, with the clause it follows:
- A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (5.2: 版心 156 × 225 mm);
- 发文机关标志 in red 小标宋, centred, its top 35 mm below the text area's top (7.2.2);
- 发文字号 two lines below it, centred, with 〔〕 around the year (7.2.4);
- the red separator line, as wide as the text area, 4 mm below the number (7.2.6);
- the title in 二号 方正小标宋简体, centred, two lines below the line (7.3.1);
- the addressee one line below the title, flush left, with a full-width colon (7.3.2);
- the body in 三号 仿宋_GB2312 at a fixed 28 pt line spacing, each paragraph indented two
  characters; headings 一、 in 黑体, （一） in 楷体_GB2312, 1. in bold 仿宋 (7.3.3);
- the attachment note one line below the body, two characters in (7.3.4);
- the signer centred over the date, the date four characters from the right, with two lines
  above them where the seal presses both (7.3.5.1); the date in Arabic numerals as the 2012
  standard requires, or in Chinese numerals (二〇二六年十二月十六日) if asked;
- 版记: 抄送 and the printing office and date between rules, 四号 仿宋 (7.4);
- page numbers "— 1 —" in 四号 宋体, outer side: odd pages right, even pages left, one character
  in (7.5).

Not laid out: the 版记 follows the signature rather than being pinned to the last page's last
lines, and the 22 lines × 28 characters grid is approached by the fixed line spacing, not set
as a document grid.
"""
from dataclasses import dataclass
from datetime import date as Date
from typing import Sequence, Union

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from . import styling
from .styling import FANGSONG, HEITI, KAITI, RED, SIZES, SONGTI, XIAOBIAOSONG

BODY_SIZE = SIZES["三号"]
LINE = 28                     # points: the fixed line spacing of the body
TEXT_WIDTH_PT = 156 / 25.4 * 72
INDENT = Pt(2 * BODY_SIZE)    # two characters

Item = Union[str, tuple[int, str]]


@dataclass(frozen=True)
class OfficialNotice:
    issuer: str                       # 发文机关 in full, e.g. 中共某市直属机关工作委员会
    number: str                       # 发文字号, e.g. 市直工〔2026〕12号 (see ``document_number``)
    title: str
    addressee: str                    # 主送机关
    paragraphs: Sequence[Item]        # body text, or (level 1-3, heading) items
    date: Date                        # 成文日期
    attachments: Sequence[str] = ()
    signer: str = ""                  # 发文机关署名; the issuer when empty
    cc: Sequence[str] = ()            # 抄送机关
    mark: str = ""                    # 发文机关标志; "<issuer>文件" when empty
    printer: str = ""                 # 印发机关; the issuer when empty
    printed: Date | None = None       # 印发日期; the date when empty
    chinese_date: bool = False        # write the date in Chinese numerals (before 2012's rule)


_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers and dates)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")


def written_date(day: Date, *, chinese: bool = False) -> str:
    """2026年12月16日, or 二〇二六年十二月十六日."""
    if not chinese:
        return f"{day.year}年{day.month}月{day.day}日"
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def document_number(code: str, year: int, serial: int) -> str:
    """发文字号: 机关代字, the year in 六角括号 〔〕, the serial without leading zeros."""
    return f"{code}〔{year}〕{int(serial)}号"


def heading_text(level: int, index: int, text: str) -> str:
    """The numbered heading of GB/T 9704 7.3.3: 一、 （一） 1. (1)."""
    if level == 1:
        return f"{chinese_number(index)}、{text}"
    if level == 2:
        return f"（{chinese_number(index)}）{text}"
    if level == 3:
        return f"{index}．{text}"
    raise ValueError(f"heading level {level}")


def _width(text: str) -> float:
    """Width in characters of the body size: ASCII is half a character."""
    return sum(0.5 if ord(c) < 128 else 1 for c in text)


def build(notice: OfficialNotice) -> bytes:
    document = Document()
    styling.set_language(document)
    section = document.sections[0]
    styling.setup_page(section, top=37, bottom=35, left=28, right=26, header=15, footer=24)
    apply_styles(document)
    _mark_and_number(document, notice)
    _title(document, notice)
    _body(document, notice.paragraphs)
    _attachments(document, notice.attachments)
    _signature(document, notice)
    _colophon(document, notice)
    page_numbers(document, section)
    document.core_properties.title = notice.title
    document.core_properties.author = notice.issuer
    return styling.to_bytes(document)


def apply_styles(document):
    """Normal as the body (三号 仿宋, 28 pt), Heading 1-3 as the three heading levels."""
    normal = document.styles["Normal"]
    styling.set_font(normal, FANGSONG, size=BODY_SIZE)
    styling.exact_spacing(normal.paragraph_format, LINE)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = True
    for level, face, bold in ((1, HEITI, False), (2, KAITI, False), (3, FANGSONG, True)):
        style = document.styles[f"Heading {level}"]
        styling.set_font(style, face, size=BODY_SIZE, bold=bold, color=styling.RGBColor(0, 0, 0))
        style.font.italic = False
        fmt = style.paragraph_format
        styling.exact_spacing(fmt, LINE)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = INDENT
        fmt.keep_with_next = True


def _paragraph(document, text="", *, align=None, face=None, size=None, bold=None, color=None,
               style=None):
    paragraph = document.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        if face:
            styling.set_font(run, face, size=size, bold=bold, color=color)
    return paragraph


def _mark_and_number(document, notice):
    mark = notice.mark or f"{notice.issuer}文件"
    # As large as fits the text area on one line, at most 小初-ish 48 pt (the standard leaves
    # the size to the issuer: "醒目、美观、庄重").
    size = max(22, min(48, int(TEXT_WIDTH_PT / max(_width(mark), 1))))
    head = _paragraph(document, mark, align=WD_ALIGN_PARAGRAPH.CENTER, face=XIAOBIAOSONG, size=size,
                      color=RED)
    head.paragraph_format.line_spacing = 1.0   # single: a fixed 28 pt would clip the big type
    head.paragraph_format.space_before = Mm(35)
    number = _paragraph(document, notice.number, align=WD_ALIGN_PARAGRAPH.CENTER, face=FANGSONG,
                        size=BODY_SIZE)
    number.paragraph_format.space_before = Pt(2 * LINE)
    # The red separator line: as wide as the text area, 4 mm (about 11 pt) below the number.
    styling.border(number, "bottom", color="FF0000", eighths=12, space=11)


def _title(document, notice):
    title = _paragraph(document, notice.title, align=WD_ALIGN_PARAGRAPH.CENTER, face=XIAOBIAOSONG,
                       size=SIZES["二号"])
    title.paragraph_format.space_before = Pt(2 * LINE)
    styling.exact_spacing(title.paragraph_format, 35)   # 二号 lines of a multi-line title
    addressee = notice.addressee.rstrip("：:")
    if addressee:
        to = _paragraph(document, f"{addressee}：")
        to.paragraph_format.space_before = Pt(LINE)


def _body(document, items):
    counters = [0, 0, 0]
    for item in items:
        if isinstance(item, str):
            paragraph = document.add_paragraph(item)
            paragraph.paragraph_format.first_line_indent = INDENT
            continue
        level, text = item
        if level not in (1, 2, 3):
            raise ValueError(f"heading level {level}")
        counters[level - 1] += 1
        for deeper in range(level, 3):
            counters[deeper] = 0
        document.add_paragraph(heading_text(level, counters[level - 1], text), style=f"Heading {level}")


def _attachments(document, attachments):
    if not attachments:
        return
    document.add_paragraph()
    if len(attachments) == 1:
        paragraph = document.add_paragraph(f"附件：{attachments[0]}")
        paragraph.paragraph_format.left_indent = INDENT
        return
    for index, name in enumerate(attachments, start=1):
        paragraph = document.add_paragraph(f"附件：{index}．{name}" if index == 1 else f"{index}．{name}")
        paragraph.paragraph_format.left_indent = INDENT if index == 1 else INDENT + Pt(3 * BODY_SIZE)


def signature_lines(notice: OfficialNotice) -> tuple[str, str, float, float]:
    """The signer and date texts with their right indents in characters: the date four
    characters in, the signer centred over it (7.3.5.1)."""
    signer = notice.signer or notice.issuer
    when = written_date(notice.date, chinese=notice.chinese_date)
    date_right = 4.0
    signer_right = max(0.0, date_right + (_width(when) - _width(signer)) / 2)
    return signer, when, signer_right, date_right


def _signature(document, notice):
    signer, when, signer_right, date_right = signature_lines(notice)
    document.add_paragraph()          # the seal's top stays within one line of the body
    document.add_paragraph()
    for text, right in ((signer, signer_right), (when, date_right)):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(right * BODY_SIZE)
        paragraph.paragraph_format.keep_with_next = text == signer


def _colophon(document, notice):
    size = SIZES["四号"]
    document.add_paragraph()
    document.add_paragraph()
    one = Pt(size)
    lines = []
    if notice.cc:
        cc = _paragraph(document, f"抄送：{'，'.join(notice.cc)}。", face=FANGSONG, size=size)
        lines.append(cc)
    printed = _paragraph(document)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(156) - one, WD_TAB_ALIGNMENT.RIGHT)
    run = printed.add_run(f"{notice.printer or notice.issuer}\t"
                          f"{written_date(notice.printed or notice.date)}印发")
    styling.set_font(run, FANGSONG, size=size)
    lines.append(printed)
    for paragraph in lines:
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = one
        fmt.keep_together = True
        styling.exact_spacing(fmt, LINE)
    # First and last rules thick (0.35 mm ≈ 1 pt), the ones between thin (0.25 mm ≈ 0.75 pt).
    styling.border(lines[0], "top", eighths=8, space=4)
    for paragraph in lines[:-1]:
        styling.border(paragraph, "bottom", eighths=6, space=4)
    styling.border(lines[-1], "bottom", eighths=8, space=4)


def page_numbers(document, section):
    """"— 1 —" in 四号 宋体 on the outer side: odd pages right, even pages left (7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    size = SIZES["四号"]

    def font(run):
        styling.set_font(run, SONGTI, size=size, latin=SONGTI)

    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(size)
        else:
            paragraph.paragraph_format.left_indent = Pt(size)
        font(paragraph.add_run("— "))
        styling.add_field(paragraph, "PAGE", "1", font=font)
        font(paragraph.add_run(" —"))


__all__ = ["OfficialNotice", "build", "chinese_number", "written_date", "document_number",
           "heading_text", "signature_lines", "apply_styles", "page_numbers"]
