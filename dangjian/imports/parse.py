"""Reading an uploaded workbook: refuse what is not a usable sheet, then parse every cell.

Nothing here touches the database. Row numbers are the ones Excel shows (header row = 1).
"""
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from dangjian.lib.excel import CellError, normalize_text

from .xlsx_rows import iter_values

HEADER_SEARCH_ROWS = 5     # a title line above the header is tolerated
MAX_COLUMNS = 60
MAX_EXPANSION = 25         # uncompressed size allowed, as a multiple of IMPORT_MAX_BYTES


class FileRefused(Exception):
    """The whole file is refused; ``str(err)`` is the Chinese message."""


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


def _refuse_not_xlsx():
    return FileRefused(_("不是有效的 Excel 文件：请上传 .xlsx 格式（Excel 2007 及以上版本；不支持 .xls、.csv 或改了扩展名的文件）。"))


def _check_expanded_size(data: bytes):
    """A small file can expand to gigabytes (a "zip bomb"); openpyxl would hold its shared
    strings in memory. Real workbooks expand 5-15 times."""
    limit = settings.IMPORT_MAX_BYTES * MAX_EXPANSION
    try:
        expanded = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise _refuse_not_xlsx() from None
    if expanded > limit:
        raise FileRefused(_("文件解压后过大（超过 %(mb)d MB），请拆分后分批导入。") % {"mb": limit // 1024 // 1024})


def _open(data: bytes):
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FileRefused(_("文件超过 %(mb)s MB，请拆分后分批导入。") % {
            "mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}"})
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse_not_xlsx()
    _check_expanded_size(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        raise _refuse_not_xlsx() from None
    if not wb.worksheets:
        raise _refuse_not_xlsx()
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
        found = {}
        for index, cell in enumerate(cells):
            col = lookup.get(normalize_text(cell).lstrip("*").strip())
            if col is not None and col not in found.values():
                found[index] = col
        if all(c in found.values() for c in required):
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
    """Yield (row number, {key: raw value}) for every non-blank data row; refuse bad files."""
    wb = _open(data)
    try:
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
    finally:
        wb.close()


def parse_sheet(data: bytes, spec) -> ParsedSheet:
    """Every row parsed by its column's parser; cell errors collected, never raised."""
    out = ParsedSheet(spec)
    for number, raw in read_rows(data, spec):
        values, ok = {}, True
        for position, col in enumerate(spec.columns):
            try:
                value = col.parse(raw.get(col.key))
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
