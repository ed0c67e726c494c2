"""The score ledger as a workbook, audited: the rows of the ledger page (the same selector,
unpaged), Chinese headers, text neutralised. Bodies and departments only: who typed an entry
is in the audit log, not here."""
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log
from dangjian.lib.workbook import Sheet, workbook_bytes

from .rules import shown
from .selectors import severity_label


def ledger_headers():
    return [_("发生日期"), _("考核对象"), _("指标"), _("考核部门"), _("分值"), _("情形"), _("事实"),
            _("案件/文号"), _("状态")]


def entry_state(entry) -> str:
    if entry.reverses_id:
        return _("冲销")
    return _("已冲销") if entry.is_reversed else _("有效")


def ledger_row(entry):
    return [entry.occurred_on, str(entry.body), f"{entry.indicator.code} {entry.indicator.name}",
            entry.department.name, float(shown(entry.points)),
            severity_label(entry.severity) if entry.severity else "", entry.fact, entry.case_ref,
            entry_state(entry)]


def ledger_export(*, user, scheme, entries, request=None) -> bytes:
    rows = [ledger_row(e) for e in entries.iterator(chunk_size=2000)]
    data = workbook_bytes([Sheet(title=_("考核台账"), lead=[str(scheme)], headers=ledger_headers(), rows=rows,
                                 widths=[12, 24, 28, 14, 8, 10, 40, 16, 8])])
    audit_log(user=user, action="assessment.export", obj=scheme, request=request,
              changes={"what": "ledger", "rows": len(rows)})
    return data
