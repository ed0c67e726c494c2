"""Plain tables as an xlsx workbook: one sheet per table, bold Chinese headers, every text
cell neutralised (lib.excel.neutralize), a write-only workbook so large tables stream.

No ORM and no audit here: each export writes its own audit entry (it knows what it exported).
"""
import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .excel import neutralize

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_TITLE = 31          # Excel's limit on a sheet's name
BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass
class Sheet:
    title: str
    headers: list
    rows: list                               # lists of cell values, in the headers' order
    lead: list = field(default_factory=list)  # lines above the headers (what, when, which filter)
    widths: list = field(default_factory=list)


def _title(text, used):
    title = (str(text) or "Sheet").translate(BAD_TITLE)[:MAX_TITLE]
    while title in used:
        title = title[:MAX_TITLE - 1] + "_"
    used.add(title)
    return title


def workbook_bytes(sheets) -> bytes:
    wb = Workbook(write_only=True)
    used = set()
    for sheet in sheets:
        ws = wb.create_sheet(_title(sheet.title, used))
        for index, width in enumerate(sheet.widths):
            ws.column_dimensions[get_column_letter(index + 1)].width = width
        for line in sheet.lead:
            ws.append([neutralize(line)])
        header = []
        for text in sheet.headers:
            cell = WriteOnlyCell(ws, value=neutralize(str(text)))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append([neutralize(value) for value in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
