"""Fast row values of a read-only openpyxl worksheet.

openpyxl builds a rich-text object for every inline-string cell and decodes every cell
through its descriptor machinery; for a 25,000-row member sheet that is most of the import
time. This reader walks the same worksheet XML with the C ``iterparse`` and yields plain
values with openpyxl's ``data_only`` semantics (shared and inline strings, numbers, booleans,
dates by cell style, cached formula results). The workbook is still opened and checked by
``openpyxl.load_workbook(read_only=True, data_only=True)``; only row decoding is ours.
It leans on read-only internals of the pinned openpyxl (3.1.x); when they are missing it
falls back to ``ws.iter_rows``. tests/test_imports_parse.py checks both give the same values,
and that the fast one ran.

Crafted files are expected: a cell that cannot be decoded (a shared-string index out of range,
a number that is not one, a bad style id, boolean or ISO date) becomes a ``BadCell`` that the
parser reports as that cell's error; a row or cell reference outside Excel's grid refuses the
file. Excel's own limits: 1,048,576 rows, 16,384 columns (XFD).
"""
from dataclasses import dataclass
from xml.etree.ElementTree import iterparse

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel, from_ISO8601

from .package import FileRefused

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, INLINE, TEXT, RUN = (NS + t for t in ("row", "c", "v", "is", "t", "r"))
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
CELL_FAULTS = (ValueError, IndexError, OverflowError, TypeError)


@dataclass(frozen=True)
class BadCell:
    """A cell whose stored value cannot be read; ``message`` says so in Chinese."""
    message: str


def _bad_cell():
    return BadCell(_("单元格内容已损坏，无法读取，请在 Excel 中重新填写该单元格"))


def _bad_reference(ref):
    return FileRefused(_("工作表中有无效的单元格位置“%(ref)s”（超出 Excel 的范围），文件可能已损坏。"
                         "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。") % {"ref": str(ref)[:20]})


def _column_index(ref: str) -> int:
    """'AB12' -> 27 (0-based); FileRefused outside A..XFD."""
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
            if index > MAX_COLUMN:
                raise _bad_reference(ref)
        else:
            break
    if index == 0:
        raise _bad_reference(ref)
    return index - 1


def _row_number(ref: str) -> int:
    ref = ref.removesuffix(".0")          # some writers store "12.0"
    if not (len(ref) <= 7 and ref.isascii() and ref.isdigit()) or not 1 <= int(ref) <= MAX_ROW:
        raise _bad_reference(ref)
    return int(ref)


def _number(text):
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class _Decoder:
    def __init__(self, ws):
        wb = ws.parent
        self.shared = ws._shared_strings
        self.date_styles = wb._date_formats
        self.timedelta_styles = wb._timedelta_formats
        self.epoch = wb.epoch

    def inline(self, cell):
        node = cell.find(INLINE)
        if node is None:
            return None
        parts = []
        for child in node:          # <t> or rich-text runs <r><t>; phonetic <rPh> is skipped
            if child.tag == TEXT:
                parts.append(child.text or "")
            elif child.tag == RUN:
                parts.append(child.findtext(TEXT) or "")
        return "".join(parts)

    def value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return self.inline(cell)
        text = cell.findtext(VALUE)
        if not text:
            return None
        if kind == "n":
            number = _number(text)
            style = cell.get("s")
            if style and int(style) in self.date_styles:     # a style id that is no number: ValueError
                try:
                    return from_excel(number, self.epoch, timedelta=int(style) in self.timedelta_styles)
                except (OverflowError, ValueError):
                    return number
            return number
        if kind == "s":
            index = int(text)
            if not 0 <= index < len(self.shared):
                raise IndexError(index)
            return self.shared[index]
        if kind == "b":
            if text not in ("0", "1"):
                raise ValueError(text)
            return text == "1"
        if kind == "d":
            return from_ISO8601(text)
        return text                 # "str" (a formula's cached text) and "e" (#N/A …)


def _fast(ws, min_row, max_col):
    decoder = _Decoder(ws)
    row_number = 0
    with ws._get_source() as source:
        for _event, element in iterparse(source):
            if element.tag != ROW:
                continue
            ref = element.get("r")
            row_number = _row_number(ref) if ref else row_number + 1
            if row_number > MAX_ROW:
                raise _bad_reference(row_number)
            if row_number >= min_row:
                values = [None] * max_col
                column = -1
                for cell in element.iter(CELL):
                    ref = cell.get("r")
                    column = _column_index(ref) if ref else column + 1
                    if column < max_col:
                        try:
                            values[column] = decoder.value(cell)
                        except CELL_FAULTS:
                            values[column] = _bad_cell()
                yield row_number, values
            element.clear()


def _slow(ws, min_row, max_col):
    rows = ws.iter_rows(min_row=min_row, max_col=max_col, values_only=True)
    for number, cells in enumerate(rows, start=min_row):
        yield number, list(cells) + [None] * (max_col - len(cells))


def _fast_supported(ws):
    wb = getattr(ws, "parent", None)
    return all(hasattr(obj, name) for obj, name in (
        (ws, "_get_source"), (ws, "_shared_strings"), (wb, "_date_formats"), (wb, "_timedelta_formats")))


def reader_for(ws):
    """The row reader iter_values uses for ``ws``: ``_fast``, or ``_slow`` when the pinned
    openpyxl's read-only internals are missing."""
    return _fast if _fast_supported(ws) else _slow


def iter_values(ws, *, min_row=1, max_col):
    """(row number as Excel shows it, [values of columns 1..max_col]) for every stored row."""
    return reader_for(ws)(ws, min_row, max_col)
