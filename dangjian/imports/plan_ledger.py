"""Planning an upload of ledger facts (考核台账) by a department, before anything is written.

Every row is checked as the ledger service would check it: the indicator is a manual leaf of
the current published daily scheme owned by the user's department; the unit exists and the
scheme covers it; a ladder's severity or the points within the leaf; the fact, a case
reference where one is needed, a date in the scheme's year; a case reference counted once per
department, in the file and in the ledger. The writer then enters each row through the
ledger service, so its lock, audit and rules hold for an upload too. Queries do not grow with
the rows: the scheme, its leaves, the bodies and the case references already entered.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import department_ids
from dangjian.assessment.models import AssessedBody, Indicator, LedgerEntry, Scheme
from dangjian.assessment.rules import case_points
from dangjian.assessment.selectors import MANUAL, current_scheme, ladder_steps, severity_label
from dangjian.lib.excel import normalize_text

from .models import ImportKind
from .package import FileRefused
from .plan import Plan, chunks, duplicate_of

K = Indicator.Kind


@dataclass
class LedgerRow:
    """One fact to enter (what the preview shows and the writer passes to the service)."""
    row: int
    indicator: Indicator
    body: AssessedBody
    points: Decimal | None
    severity: str
    fact: str
    case_ref: str
    occurred_on: date

    @property
    def severity_label(self):
        return severity_label(self.severity) if self.severity else ""


def _bodies(scheme):
    """{normalised name or short name: [body, …]} of the bodies the scheme covers."""
    qs = AssessedBody.objects.select_related("unit", "county_committee")
    if scheme.covers == Scheme.Covers.UNITS:
        qs = qs.filter(unit__isnull=False)
    out = {}
    for body in qs:
        names = ((body.unit.name, body.unit.short_name) if body.unit_id else (body.county_committee.name,))
        for name in {normalize_text(n) for n in names if n}:
            out.setdefault(name, []).append(body)
    return out


def _severity_key(indicator, text):
    """The ladder's key for a severity written as its key or its label."""
    for key in indicator.ladder:
        if text in (key, severity_label(key)):
            return key
    return None


def _points(sheet, row, ind):
    """(points the fact counts, severity key) or None after recording the row's error."""
    v = row.values
    if ind.kind == K.VETO:
        return Decimal(0), ""
    if ind.kind == K.DEDUCTION and (ind.ladder or ind.per_case is not None):
        if ind.ladder:
            key = _severity_key(ind, v["severity"])
            if key is None:
                names = "、".join(severity_label(k) for k in ladder_steps(ind.ladder))
                sheet.add_error(row.row, "severity", _("请填写情形：%(names)s") % {"names": names})
                return None
            return case_points(ladder=ind.ladder, severity=key), key
        return case_points(per_case=ind.per_case), ""
    if v["points"] is None:
        sheet.add_error(row.row, "points", _("该指标须填写分值"))
        return None
    limit = ind.cap if ind.kind == K.BONUS else ind.max_points
    if v["points"] > limit:
        sheet.add_error(row.row, "points", _("不能超过该指标的 %(max)s 分") % {"max": limit})
        return None
    return v["points"], ""


def _check(sheet, row, *, scheme, indicators, owned, bodies, today):
    v = row.values
    ok = True
    ind = indicators.get(v["indicator"].upper())
    if ind is None:
        sheet.add_error(row.row, "indicator", _("方案“%(s)s”中没有需录入的指标“%(c)s”") % {
            "s": scheme.title, "c": v["indicator"]})
        ok = False
    elif ind.department_id not in owned:
        sheet.add_error(row.row, "indicator", _("“%(c)s”不是本部门负责的指标") % {"c": ind.code})
        ok = False
    found = bodies.get(v["unit"], [])
    if len(found) != 1:
        sheet.add_error(row.row, "unit", _("未找到该单位") if not found else _("有多个同名单位，请填写全称"))
        ok = False
    if ind is not None and ind.kind in (K.DEDUCTION, K.VETO) and not v["case_ref"]:
        sheet.add_error(row.row, "case_ref", _("扣分和一票否决须填写案件编号或通报文号"))
        ok = False
    when = v["occurred_on"]
    if when is not None and (when.year != scheme.year or when > today):
        sheet.add_error(row.row, "occurred_on", _("须在方案年度 %(y)s 年内，且不晚于今天") % {"y": scheme.year})
        ok = False
    counted = _points(sheet, row, ind) if ok else None
    if counted is None:
        return None
    return LedgerRow(row.row, ind, found[0], counted[0], counted[1], v["fact"], v["case_ref"], when)


def _entered_refs(scheme, refs) -> set:
    """(department, case reference) pairs already counted in the ledger (live entries)."""
    out = set()
    for part in chunks(sorted(refs)):
        out |= set(LedgerEntry.objects.filter(scheme=scheme, case_ref__in=part, reverses__isnull=True,
                                              reversed_by__isnull=True).values_list("department_id", "case_ref"))
    return out


def _fact_key(indicator_id, body_id, points, severity, fact, occurred_on):
    """What makes a fact with no case reference the same fact (a re-uploaded row)."""
    return (indicator_id, body_id, Decimal(points).normalize() if points is not None else None, severity,
            normalize_text(fact), occurred_on)


def _entered_facts(scheme, facts) -> set:
    """The keys of the given facts without a case reference already live in the ledger."""
    out = set()
    for part in chunks(sorted({f.body.id for f in facts})):
        rows = (LedgerEntry.objects.filter(scheme=scheme, case_ref="", body_id__in=part, reverses__isnull=True,
                                           reversed_by__isnull=True)
                .values_list("indicator_id", "body_id", "points", "severity", "fact", "occurred_on"))
        out |= {_fact_key(*r) for r in rows}
    return out


def _key_of(fact: LedgerRow):
    return _fact_key(fact.indicator.id, fact.body.id, fact.points, fact.severity, fact.fact, fact.occurred_on)


def plan_ledger(*, user, sheet, today=None) -> Plan:
    today = today or timezone.localdate()
    scheme = current_scheme()
    if scheme is None:
        raise FileRefused(_("目前没有已发布的日常考核方案，不能录入考核台账。"))
    plan = Plan(ImportKind.LEDGER, rows=len(sheet.rows))
    owned = department_ids(user)
    indicators = {i.code.upper(): i for i in scheme.indicators.filter(kind__in=MANUAL)}
    bodies = _bodies(scheme)
    checked, seen = [], {}
    for row in sheet.rows:
        if not row.ok:
            continue
        fact = _check(sheet, row, scheme=scheme, indicators=indicators, owned=owned, bodies=bodies, today=today)
        if fact is None:
            continue
        if fact.case_ref:
            earlier = duplicate_of(seen, (fact.indicator.department_id, fact.case_ref), row.row)
            if earlier:
                sheet.add_error(row.row, "case_ref", _("与第%(n)d行的案件重复：同一案件本部门只计一次") % {"n": earlier})
                continue
        else:
            earlier = duplicate_of(seen, _key_of(fact), row.row)
            if earlier:
                sheet.add_error(row.row, "fact", _("与第%(n)d行完全相同：同一事实只计一次；确属另一事实的，请在事实中写明区别")
                                % {"n": earlier})
                continue
        checked.append(fact)
    entered = _entered_refs(scheme, {f.case_ref for f in checked if f.case_ref})
    entered_facts = _entered_facts(scheme, [f for f in checked if not f.case_ref])
    for fact in checked:
        if fact.case_ref and (fact.indicator.department_id, fact.case_ref) in entered:
            sheet.add_error(fact.row, "case_ref", _("该案件已由本部门计分，同一案件只计一次"))
        elif not fact.case_ref and _key_of(fact) in entered_facts:
            sheet.add_error(fact.row, "fact", _("台账中已有完全相同的记录（同一对象、指标、分值、日期和事实），未重复计入；"
                                                "确属另一事实的，请在事实中写明区别"))
        else:
            plan.creates.append(fact)
    plan.errors = sheet.sorted_errors()
    plan.extra["scheme"] = scheme
    return plan
