"""Workbooks out: blank templates and registry exports in the same columns, so an export
can be edited and imported back. Exports stream rows (values query, write-only workbook),
neutralise formula-like text and mask ID numbers and phones unless the user may unmask all.
"""
import io

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dangjian.accounts.gatekeeper import (
    EXPORT, UNMASK, can, require, visible_members, visible_orgs, visible_units,
)
from dangjian.audit.services import audit_log, diff
from dangjian.lib import crypto
from dangjian.lib.excel import neutralize
from dangjian.orgs.filters import MemberFilter
from dangjian.orgs.models import Gender, MemberStatus, OrgType

from .models import ImportKind
from .specs import common_notes, spec_for

HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
TEMPLATE_ROWS = 5000        # rows that get drop-downs and text format in a blank template
TEXT_KEYS = {"id_number", "phone"}
PROGRESS_EVERY = 1000      # rows between two progress reports of a background export


def _header_font(col):
    return Font(bold=True, color="C00000" if col.required else "000000")


def _header_note(col):
    parts = [_("必填") if col.required else _("选填")]
    if col.note:
        parts.append(col.note)
    if col.choices:
        parts.append(_("可选：%(c)s") % {"c": "、".join(col.choices)})
    return "；".join(parts)


def _notes_rows(spec):
    yield [_("填写说明")]
    for line in (*common_notes(spec.kind), *spec.notes):
        yield [line]
    yield []
    yield [_("列名"), _("是否必填"), _("说明")]
    for col in spec.columns:
        yield [col.header, _("必填") if col.required else _("选填"), _header_note(col)]


def _add_notes_sheet(wb, spec):
    ws = wb.create_sheet(_("填写说明"))
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 70
    for row in _notes_rows(spec):
        ws.append(row)


def template_bytes(kind) -> bytes:
    """A blank workbook: headers with notes, widths, drop-downs, text format for ID and phone."""
    spec = spec_for(kind)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.title
    for index, col in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=index, value=col.header)
        cell.font, cell.fill = _header_font(col), HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        cell.comment = Comment(_header_note(col), "dangjian", width=260, height=110)
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = col.width
        if col.key in TEXT_KEYS or col.is_date:
            ws.column_dimensions[letter].number_format = "@"   # keep IDs and typed dates as text
        if col.choices:
            dv = DataValidation(type="list", formula1='"%s"' % ",".join(col.choices), allow_blank=True)
            dv.error = _("请从下拉列表中选择")
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    ws.freeze_panes = "A2"
    _add_notes_sheet(wb, spec)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---- exports ---------------------------------------------------------------------------------

def _labels(choices):
    return {code: str(label) for code, label in choices}


def _member_rows(queryset, unmask):
    genders, statuses = _labels(Gender.choices), _labels(MemberStatus.choices)
    fields = ["name", "gender", "id_number_masked", "ethnicity", "birth_date", "education", "status",
              "branch__name", "joined_on", "full_on", "post", "phone_masked"]
    if unmask:
        fields += ["id_number_enc", "phone_enc"]
    for v in queryset.order_by("branch__path", "id").values_list(*fields).iterator(chunk_size=2000):
        id_number, phone = (crypto.decrypt(v[12]), crypto.decrypt(v[13])) if unmask else (v[2], v[11])
        yield [v[0], genders.get(v[1], ""), id_number, v[3], v[4], v[5], statuses.get(v[6], ""),
               v[7], v[8], v[9], v[10], phone]


def _org_rows(queryset):
    types = _labels(OrgType.choices)
    fields = ["name", "type", "parent__name", "unit__name", "secretary_name", "founded_on",
              "term_start", "term_end", "has_committee"]
    for v in queryset.order_by("path").values_list(*fields).iterator(chunk_size=2000):
        yield [v[0], types.get(v[1], ""), v[2] or "", v[3] or "", v[4], v[5], v[6], v[7],
               _("是") if v[8] else _("否")]


def _unit_rows(queryset):
    fields = ["name", "short_name", "category__name", "zone__name"]
    for v in queryset.order_by("sort", "id").values_list(*fields).iterator(chunk_size=2000):
        yield [v[0], v[1], v[2], v[3] or ""]


def _write(spec, rows, progress=None) -> tuple[bytes, int]:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(spec.title)
    for index, col in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = col.width
    header = []
    for col in spec.columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font, cell.fill = _header_font(col), HEADER_FILL
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([neutralize(value) for value in row])
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    notes = wb.create_sheet(_("填写说明"))
    for row in _notes_rows(spec):
        notes.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), count


def registry_export(*, user, kind, queryset, filters=None, unmask=False, request=None, progress=None) -> bytes:
    """The workbook for a visible_* queryset; audited, and audited as an unmasking when unmasked.
    ``progress(rows_written)`` is told every PROGRESS_EVERY rows (a background export's bar), so
    the rows are written outside a transaction; the audit entries are written together."""
    require(user, EXPORT)
    if unmask and not (kind == ImportKind.MEMBERS and can(user, UNMASK)):
        raise PermissionDenied
    spec = spec_for(kind)
    rows = {ImportKind.MEMBERS: lambda: _member_rows(queryset, unmask),
            ImportKind.ORGS: lambda: _org_rows(queryset),
            ImportKind.UNITS: lambda: _unit_rows(queryset)}[kind]()
    data, count = _write(spec, rows, progress)
    with transaction.atomic():
        _audit_export(user, kind, spec, count, unmask, filters, request)
    return data


def _audit_export(user, kind, spec, count, unmask, filters, request):
    changes = {"kind": kind, "count": count, "unmasked": unmask, **(filters or {})}
    audit_log(user=user, action="registry.export", object_type=kind, request=request,
              object_repr=_("导出%(what)s %(n)d 条") % {"what": spec.title, "n": count},
              changes=diff({}, changes))
    if unmask:
        audit_log(user=user, action="member.unmask", object_type="member", request=request,
                  object_repr=_("导出 %(n)d 名党员的完整身份证号和电话") % {"n": count},
                  changes=diff({}, {"count": count, "via": "export"}))


def export_queryset(user, kind, query):
    """(the visible_* queryset an export of ``kind`` holds, the filters applied). Members go
    through the member list's own filter (orgs/filters.py) on ``query`` (a QueryDict), so the
    export of a query string holds the members the list shows for it. ValueError when invalid."""
    if kind == ImportKind.MEMBERS:
        found = MemberFilter(query, queryset=visible_members(user), units=visible_units(user),
                             branches=visible_orgs(user).branches())
        members = found.members()
        if members is None:
            raise ValueError(found.errors)
        return members, found.applied()
    if kind == ImportKind.ORGS:
        return visible_orgs(user).filter(dissolved=False), {}
    if kind == ImportKind.UNITS:
        return visible_units(user), {}
    raise ValueError(kind)
