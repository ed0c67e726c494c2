"""The annual numbers as a workbook, audited: the page's rows (the same selector)."""
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log
from dangjian.lib.workbook import Sheet, workbook_bytes


def annual_headers():
    return [_("类别"), _("项目"), _("数值"), _("数据来源")]


def annual_export(*, user, year, figures, request=None) -> bytes:
    data = workbook_bytes([Sheet(title=_("年度主要数据"), lead=[_("%(y)d 年主要数据") % {"y": year}],
                                 headers=annual_headers(),
                                 rows=[[f.group, f.label, f.value, f.source] for f in figures],
                                 widths=[12, 30, 10, 50])])
    audit_log(user=user, action="figures.export", object_type="annual_numbers", request=request,
              object_repr=_("导出 %(y)d 年主要数据") % {"y": year},
              changes={"what": "annual_numbers", "year": year, "rows": len(figures)})
    return data
