"""Reading an uploaded workbook: refuse what is not a usable sheet, then parse every cell.

Nothing here touches the database. Row numbers are the ones Excel shows (header row = 1).
"""
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from dangjian.lib.excel import CellError, normalize_text

from .package import FileRefused, check_package, refuse_damaged, refuse_not_xlsx
from .xlsx_rows import BadCell, iter_values

HEADER_SEARCH_ROWS = 5     # a title line above the header is tolerated
MAX_COLUMNS = 60
# What a damaged or crafted part makes openpyxl or the row reader raise: the file is refused.
# SyntaxError: lxml's XMLSyntaxError, raised instead of ParseError when lxml is installed.
DAMAGED = (ParseError, SyntaxError, ValueError, IndexError, KeyError, TypeError, AttributeError, OverflowError,
           zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeError, InvalidFileException)

__all__ = ["FileRefused", "ParsedSheet", "RowError", "parse_sheet", "read_rows"]


@dataclass(order=True)
class RowError:
    row: int
    position: int
    column: str
    message: str

    def __str__(self):
        return _("第%(row)d行 %(column)s：%(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ParsedRow:
    row: int
    values: dict
    ok: bool = True


@dataclass
class ParsedSheet:
    spec: object
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def add_error(self, row, key, message):
        """Record an error against the column whose key is ``key``."""
        for position, col in enumerate(self.spec.columns):
            if col.key == key:
                self.errors.append(RowError(row, position, col.header, message))
                return
        raise KeyError(key)

    def sorted_errors(self):
        return sorted(self.errors)


def _open(data: bytes):
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FileRefused(_("文件超过 %(mb)s MB，请拆分后分批导入。") % {
            "mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}"})
    check_package(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DAMAGED:
        raise refuse_not_xlsx() from None
    if not wb.worksheets:
        wb.close()
        raise refuse_not_xlsx()
    return wb


def _pick_sheet(wb, spec):
    for ws in wb.worksheets:
        if ws.title == spec.title:
            return ws
    return wb.worksheets[0]


def _find_header(ws, spec):
    """(row number, {column index: Column}) of the first row holding every required header."""
    lookup = spec.lookup()
    required = [c for c in spec.columns if c.required]
    best = (0, 1, {})
    rows = ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS, values_only=True)
    for number, cells in enumerate(rows, start=1):
        found, twice = {}, []
        for index, cell in enumerate(cells):
            col = lookup.get(normalize_text(cell).lstrip("*").strip())
            if col is not None and col in found.values():
                twice.append(col)
            elif col is not None:
                found[index] = col
        if all(c in found.values() for c in required):
            if twice:          # which of the two columns holds the data is not ours to guess
                raise FileRefused(_("表头中“%(col)s”出现了不止一次，请删除重复的列后再导入。") % {
                    "col": twice[0].header})
            return number, found
        if len(found) > best[0]:
            best = (len(found), number, found)
    missing = [c.header for c in required if c not in best[2].values()]
    raise FileRefused(_("表头缺少必填列：%(cols)s。请使用下载的模板，第1行为表头。") % {"cols": "、".join(missing)})


def _check_row_count(ws):
    limit = settings.IMPORT_MAX_ROWS
    if ws.max_row is not None and ws.max_row - 1 > limit:
        raise FileRefused(_("数据超过 %(n)s 行，请拆分后分批导入。") % {"n": f"{limit:,}"})


def read_rows(data: bytes, spec):
    """Yield (row number, {key: raw value}) for every non-blank data row; refuse bad files.

    A cell that cannot be decoded arrives as a ``BadCell``; a part that cannot be read at all
    refuses the whole file, never an exception of the parser's own."""
    wb = _open(data)
    try:
        yield from _rows(wb, spec)
    except DAMAGED:
        raise refuse_damaged() from None
    finally:
        wb.close()


def _rows(wb, spec):
    ws = _pick_sheet(wb, spec)
    _check_row_count(ws)      # the sheet's declared size, before reading any row
    ws.reset_dimensions()     # then read to the real end: a declared size that is too small
                              # would otherwise drop rows silently
    header_row, columns = _find_header(ws, spec)
    width = max(columns) + 1
    limit, count = settings.IMPORT_MAX_ROWS, 0
    for number, cells in iter_values(ws, min_row=header_row + 1, max_col=width):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        count += 1
        if count > limit:       # the declared size can lie; count as we go
            raise FileRefused(_("数据超过 %(n)s 行，请拆分后分批导入。") % {"n": f"{limit:,}"})
        yield number, {col.key: cells[i] for i, col in columns.items()}


def parse_sheet(data: bytes, spec) -> ParsedSheet:
    """Every row parsed by its column's parser; cell errors collected, never raised."""
    out = ParsedSheet(spec)
    for number, raw in read_rows(data, spec):
        values, ok = {}, True
        for position, col in enumerate(spec.columns):
            try:
                cell = raw.get(col.key)
                if isinstance(cell, BadCell):
                    raise CellError(cell.message)
                value = col.parse(cell)
            except CellError as err:
                out.errors.append(RowError(number, position, col.header, str(err)))
                ok = False
                continue
            if col.required and value in ("", None):
                out.errors.append(RowError(number, position, col.header, _("必填")))
                ok = False
            values[col.key] = value
        out.rows.append(ParsedRow(number, values, ok))
    if not out.rows:
        raise FileRefused(_("表中没有数据：第1行为表头，请从第2行起填写。"))
    return out
