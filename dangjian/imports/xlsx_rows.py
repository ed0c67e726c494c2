"""Fast row values of a read-only openpyxl worksheet.

openpyxl builds a rich-text object for every inline-string cell and decodes every cell
through its descriptor machinery; for a 25,000-row member sheet that is most of the import
time. This reader walks the same worksheet XML with the C ``iterparse`` and yields plain
values with openpyxl's ``data_only`` semantics (shared and inline strings, numbers, booleans,
dates by cell style, cached formula results). The workbook is still opened and checked by
``openpyxl.load_workbook(read_only=True, data_only=True)``; only row decoding is ours.
It leans on read-only internals of the pinned openpyxl (3.1.x); when they are missing it
falls back to ``ws.iter_rows``. tests/test_imports_views.py checks both give the same values.
"""
from xml.etree.ElementTree import iterparse

from openpyxl.utils.datetime import from_excel, from_ISO8601

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, INLINE, TEXT, RUN = (NS + t for t in ("row", "c", "v", "is", "t", "r"))


def _column_index(ref: str) -> int:
    """'AB12' -> 27 (0-based)."""
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        else:
            break
    return index - 1


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
            if style and int(style) in self.date_styles:
                try:
                    return from_excel(number, self.epoch, timedelta=int(style) in self.timedelta_styles)
                except (OverflowError, ValueError):
                    return number
            return number
        if kind == "s":
            return self.shared[int(text)]
        if kind == "b":
            return bool(int(text))
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
            row_number = int(float(ref)) if ref else row_number + 1
            if row_number >= min_row:
                values = [None] * max_col
                column = -1
                for cell in element.iter(CELL):
                    ref = cell.get("r")
                    column = _column_index(ref) if ref else column + 1
                    if column < max_col:
                        values[column] = decoder.value(cell)
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


def iter_values(ws, *, min_row=1, max_col):
    """(row number as Excel shows it, [values of columns 1..max_col]) for every stored row."""
    if _fast_supported(ws):
        return _fast(ws, min_row, max_col)
    return _slow(ws, min_row, max_col)
