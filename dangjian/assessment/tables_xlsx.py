"""The division tables as a workbook: one sheet per division, the numbers the page shows.

Written like the registry exports (write-only workbook, formula-like text neutralised); units
only, never people.
"""
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from dangjian.lib.excel import neutralize

from .rules import shown

MAX_TITLE = 31          # Excel's limit on a sheet's name
BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


def table_row(row, grade_labels, veto_labels):
    """The cells of one ranked row, as the page shows them."""
    return [row.rank if row.rank is not None else "", str(row.body),
            float(shown(row.score)) if row.score is not None else _("无适用指标"),
            grade_labels.get(row.grade, ""), veto_labels.get(row.veto, ""), row.missing]


def headers():
    return [_("名次"), _("单位"), _("得分"), _("等次"), _("一票否决"), _("缺项")]


def division_workbook(scheme, tables, grade_labels, veto_labels) -> bytes:
    wb = Workbook(write_only=True)
    used = set()
    for division, rows in tables:
        title = (str(division) if division else _("未分赛区")).translate(BAD_TITLE)[:MAX_TITLE]
        while title in used:
            title = title[:MAX_TITLE - 1] + "_"
        used.add(title)
        ws = wb.create_sheet(title)
        ws.append([neutralize(f"{scheme}：{title}")])
        header = []
        for text in headers():
            cell = WriteOnlyCell(ws, value=text)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in rows:
            ws.append([neutralize(v) for v in table_row(row, grade_labels, veto_labels)])
    if not tables:
        wb.create_sheet(_("赛区排名")).append([_("没有可显示的单位。")])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def division_export(*, user, scheme, tables, grade_labels, veto_labels, request=None) -> bytes:
    """The workbook, audited (who exported which scheme's tables, how many rows)."""
    from dangjian.audit.services import audit_log

    data = division_workbook(scheme, tables, grade_labels, veto_labels)
    rows = sum(len(rows) for _division, rows in tables)
    audit_log(user=user, action="assessment.export", obj=scheme, request=request,
              changes={"rows": rows, "divisions": len(tables)})
    return data
