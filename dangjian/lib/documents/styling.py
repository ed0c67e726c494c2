"""Small python-docx helpers the builders share: fonts with their East Asian slot, fields,
bookmarks and borders, for which python-docx has no API of its own (a few oxml elements each).
"""
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# Official font names (GB/T 9704-2012 names the faces; these are their usual Windows names).
XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
SONGTI = "宋体"
LATIN = "Times New Roman"     # digits and Latin letters beside Chinese text, as is usual

# Chinese type sizes (字号) in points.
SIZES = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
         "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5}

RED = RGBColor(0xFF, 0x00, 0x00)
A4 = (Mm(210), Mm(297))


def set_font(target, east_asia, *, size=None, bold=None, color=None, latin=LATIN):
    """Set the font of a run or a style: ``east_asia`` for Chinese text, ``latin`` for the rest.

    python-docx's ``font.name`` writes only the ascii and hAnsi slots; Word uses the eastAsia
    slot for Chinese characters, so it is set here as well.
    """
    font = target.font
    font.name = latin
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)     # a theme font would win over the names below
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def east_asia_font(run_or_style):
    """The East Asian font a run or style names, or None."""
    rpr = run_or_style.element.rPr
    if rpr is None or rpr.rFonts is None:
        return None
    return rpr.rFonts.get(qn("w:eastAsia"))


def set_language(document, east_asia="zh-CN"):
    """Mark the document's default East Asian language, so glyph forms and line breaking are
    the mainland ones (LibreOffice picks the SC face of Noto CJK by it)."""
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), east_asia)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:       # the theme's East Asian fonts: those of Simplified Chinese
        theme.set(qn("w:eastAsia"), east_asia)


# The elements CT_Settings puts after w:updateFields (Word refuses them out of order).
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                        "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                        "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def ask_to_update_fields(document):
    """Word offers to update the fields (a TOC, its page numbers) when it opens the file."""
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        later = [child for child in settings if child.tag in {qn(f"w:{n}") for n in _AFTER_UPDATE_FIELDS}]
        if later:
            later[0].addprevious(update)
        else:
            settings.append(update)
    update.set(qn("w:val"), "true")


def exact_spacing(paragraph_format, points):
    """Fixed line spacing (固定值), as official documents use."""
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(points)


def add_field(paragraph, instruction, cached="", font=None):
    """A complex field (PAGE, TOC, PAGEREF...) with ``cached`` as its shown result until updated.
    ``font`` is a callable applied to each run made (so the number wears the paragraph's font)."""
    def run_with(child):
        run = paragraph.add_run()
        if font:
            font(run)
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run(cached)
    if font:
        font(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)
    return shown


def open_field(paragraph, instruction):
    """The begin, instruction and separator of a field whose result spans paragraphs (a TOC);
    ``close_field`` ends it in a later paragraph."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)


def close_field(paragraph):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(char)


def add_bookmark(paragraph, name, ident):
    """A bookmark around the paragraph's content (the target of a PAGEREF or hyperlink)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def border(paragraph, side, *, color="000000", eighths=8, space=1):
    """A line on one side of a paragraph (``eighths`` of a point thick, ``space`` points off)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    borders.append(line)
    # pBdr must come before spacing/ind/jc in CT_PPr's sequence: move it after pStyle/keepNext.
    ppr.remove(borders)
    anchor = [c for c in ppr if c.tag in {qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"),
                                           qn("w:pageBreakBefore"), qn("w:framePr"),
                                           qn("w:widowControl"), qn("w:numPr"), qn("w:suppressLineNumbers")}]
    ppr.insert(ppr.index(anchor[-1]) + 1 if anchor else 0, borders)
    return line


def paragraph_border_color(paragraph, side):
    ppr = paragraph._p.pPr
    borders = None if ppr is None else ppr.find(qn("w:pBdr"))
    line = None if borders is None else borders.find(qn(f"w:{side}"))
    return None if line is None else line.get(qn("w:color"))


def setup_page(section, *, top, bottom, left, right, header=None, footer=None):
    section.page_width, section.page_height = A4
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    if header is not None:
        section.header_distance = Mm(header)
    if footer is not None:
        section.footer_distance = Mm(footer)


def to_bytes(document):
    from io import BytesIO
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
