"""The sit-in coverage as a workbook, audited: the page's two tables (the zones, the units
not yet covered) from the same selector, Chinese headers, text neutralised (lib.workbook)."""
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log
from dangjian.lib.workbook import Sheet, workbook_bytes


def coverage_sheets(coverage) -> list:
    lead = [_("%(year)d 年列席旁听覆盖情况：%(covered)d / %(total)d 家市直单位已列席旁听")
            % {"year": coverage.year, "covered": coverage.covered, "total": coverage.total}]
    zones = Sheet(title=_("按协作区"), lead=lead, headers=[_("协作区"), _("已覆盖"), _("单位数")],
                  rows=[[z.name, z.covered, z.total] for z in coverage.zones], widths=[20, 10, 10])
    uncovered = Sheet(title=_("尚未覆盖的单位"), headers=[_("单位"), _("协作区"), _("安排")],
                      rows=[[u.name, u.zone or "—", _("已安排，待列席") if u.planned else _("未安排")]
                            for u in coverage.uncovered], widths=[30, 16, 16])
    return [zones, uncovered]


def coverage_export(*, user, coverage, request=None) -> bytes:
    data = workbook_bytes(coverage_sheets(coverage))
    audit_log(user=user, action="study.export", object_type="coverage", request=request,
              object_repr=_("导出 %(year)d 年列席旁听覆盖情况") % {"year": coverage.year},
              changes={"what": "coverage", "year": coverage.year, "rows": len(coverage.uncovered),
                       "zones": len(coverage.zones)})
    return data
