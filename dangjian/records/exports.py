"""The committee's picture and the gaps as workbooks, audited: the rows their pages show,
from the same selectors (never a second query of our own), with Chinese headers and every
text cell neutralised (lib.workbook). Units and orgs only, never people."""
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log
from dangjian.lib.workbook import Sheet, workbook_bytes

from .heat import percent


def rule_header(rule) -> str:
    return f"{rule.kind.name}（{rule.get_period_display()}）"


def _percent_cell(cell):
    value = percent(cell)
    return "—" if value is None else value


def picture_sheets(*, year, table, rules, zone_rows) -> list:
    """The heat table (filtered and sorted as the page) and the zones side by side; a share is
    the whole percent the page prints, "—" where no org of the unit is concerned."""
    lead = [_("%(year)d 年组织生活落实情况：已开展周期占应开展周期的百分比") % {"year": year}]
    if table.scheme is not None:
        lead.append(_("赛区依据：%(scheme)s") % {"scheme": table.scheme})
    if table.zone_id is not None:
        lead.append(_("协作区：%(zone)s") % {"zone": dict(table.zones).get(table.zone_id, "")})
    if table.division_id is not None:
        lead.append(_("赛区：%(division)s") % {"division": dict(table.divisions).get(table.division_id, "")})
    units = Sheet(title=_("按单位"), lead=lead,
                  headers=[_("单位"), _("协作区"), _("赛区"), *(rule_header(r) + "%" for r in rules)],
                  rows=[[row.name, row.zone or "—", row.division or "—", *map(_percent_cell, row.cells)]
                        for row in table.rows],
                  widths=[28, 14, 14])
    zones = Sheet(title=_("按协作区"), lead=lead[:1],
                  headers=[_("协作区"), *(rule_header(r) + "%" for r in rules)],
                  rows=[[name, *map(_percent_cell, cells)] for _zid, name, cells in zone_rows],
                  widths=[18])
    return [units, zones]


def picture_export(*, user, year, table, rules, zone_rows, request=None) -> bytes:
    data = workbook_bytes(picture_sheets(year=year, table=table, rules=rules, zone_rows=zone_rows))
    audit_log(user=user, action="records.export", object_type="picture", request=request,
              object_repr=_("导出 %(year)d 年组织生活落实情况 %(n)d 个单位") % {"year": year, "n": len(table.rows)},
              changes={"what": "picture", "year": year, "rows": len(table.rows),
                       "sort": f"{'-' if table.descending else ''}{table.column}",
                       "zone": table.zone_id, "division": table.division_id})
    return data


def gaps_sheets(gaps) -> list:
    summary = Sheet(title=_("本期完成情况"), headers=[_("事项"), _("周期"), _("已开展"), _("应开展")],
                    rows=[[rule.kind.name, rule.get_period_display(), done, total]
                          for rule, done, total in gaps.summary], widths=[20, 10, 10, 10])
    items = Sheet(title=_("待开展事项"), headers=[_("党组织"), _("事项"), _("截止"), _("临近截止")],
                  rows=[[name, item.rule.kind.name, item.deadline, _("是") if item.remind else ""]
                        for item, name in gaps.items], widths=[30, 20, 12, 10])
    return [summary, items]


def gaps_export(*, user, gaps, scope, request=None) -> bytes:
    data = workbook_bytes(gaps_sheets(gaps))
    audit_log(user=user, action="records.export", object_type="gaps", request=request,
              object_repr=_("导出本期待开展事项 %(n)d 项") % {"n": len(gaps.items)},
              changes={"what": "gaps", "rows": len(gaps.items), "scope": scope})
    return data
