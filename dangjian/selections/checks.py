"""The registry of eligibility checks, and the built-in ones.

A round keeps its rules as data (``Round.eligibility``: [{"check": code, "params": {...}}]).
Each check judges every candidate at once: ``fn(ctx, candidates, params) -> {key: failure}``
with a constant number of queries, and a short Chinese failure text for each candidate that
fails (the engine prefixes "未通过："). Facts several checks share (the units' grades) are
computed once per evaluation through ``ctx.memo``. Other apps register more checks with
``@check(...)`` in their own module, imported from their AppConfig.ready.
"""
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from dangjian.assessment.rules import FAIRLY_GOOD, GRADE_LABELS, GRADE_ORDER

from .models import SubjectKind
from .rules import grade_at_least

BRANCH, UNIT = SubjectKind.BRANCH, SubjectKind.UNIT


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    subjects: frozenset         # the subject kinds it can judge
    params: dict                # param -> type, for validating a round's rules
    fn: object = field(compare=False)


REGISTRY = {}


def check(code, *, label, subjects, params=None):
    def register(fn):
        REGISTRY[code] = Check(code, label, frozenset(subjects), dict(params or {}), fn)
        return fn
    return register


@dataclass
class Candidate:
    key: int                    # the subject's id (branch, unit or member)
    name: str
    unit_id: int | None
    zone_id: int | None = None
    members_full: int = 0
    members_current: int = 0
    has_committee: bool = False
    term_end: date | None = None


@dataclass
class Context:
    round: object
    on: date
    orgs: object = None         # the candidate branches as a QuerySet (branch rounds)
    _memo: dict = field(default_factory=dict)

    @property
    def year(self):
        return self.round.year

    def memo(self, name, compute):
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]


def rules_errors(rules, subject) -> list[str]:
    """Why a round's rules (JSON) are not usable for ``subject``: unknown checks, checks that
    cannot judge that subject, bad params. Empty when they are usable."""
    if not isinstance(rules, list):
        return [_("资格条件须为列表。")]
    errors = []
    for i, rule in enumerate(rules, 1):
        if not isinstance(rule, dict) or rule.get("check") not in REGISTRY:
            errors.append(_("第%(i)d条资格条件不是已登记的检查项。") % {"i": i})
            continue
        spec = REGISTRY[rule["check"]]
        if subject not in spec.subjects:
            errors.append(_("第%(i)d条“%(label)s”不适用于该评选对象。") % {"i": i, "label": spec.label})
        params = rule.get("params", {})
        if not isinstance(params, dict):
            errors.append(_("第%(i)d条的参数须为对象。") % {"i": i})
            continue
        for name, value in params.items():
            kind = spec.params.get(name)
            if kind is None or not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
                errors.append(_("第%(i)d条“%(label)s”的参数“%(p)s”无效。") % {"i": i, "label": spec.label, "p": name})
        if rule["check"] == "grade_at_least" and params.get("grade", GRADE_LABELS[FAIRLY_GOOD]) not in GRADE_BY_LABEL:
            errors.append(_("第%(i)d条的等次须为好、较好、一般或差。") % {"i": i})
    return errors


GRADE_BY_LABEL = {label: code for code, label in GRADE_LABELS.items()}


# ---- the units' daily-assessment grade and veto, shared by two checks -----------------------------

def unit_grades(ctx) -> dict | None:
    """{unit_id: (grade code, veto)} from the round year's daily scheme: its latest published
    snapshot (the year's when there is one), else its live results. None: no published daily
    scheme for the year."""
    return ctx.memo("unit_grades", lambda: _unit_grades(ctx.year, ctx.on))


def _unit_grades(year, on):
    from dangjian.assessment.models import AssessedBody, Scheme, Snapshot, SnapshotRow
    from dangjian.assessment.results_cache import table

    scheme = (Scheme.objects.filter(year=year, kind=Scheme.Kind.DAILY, published_at__isnull=False)
              .order_by("-version").first())
    if scheme is None:
        return None
    snapshot = Snapshot.objects.filter(scheme=scheme).order_by("-ends_on").first()
    if snapshot is not None:
        rows = SnapshotRow.objects.filter(snapshot=snapshot, body__unit__isnull=False)
        return {u: (g, v) for u, g, v in rows.values_list("body__unit_id", "grade", "veto")}
    results = table(scheme, visible_ids=set(), on=on)
    units = dict(AssessedBody.objects.filter(unit__isnull=False).values_list("id", "unit_id"))
    return {units[r.body]: (r.grade, r.veto) for r in results.bodies if r.body in units}


@check("grade_at_least", label=_("所在单位日常考核等次"), subjects={BRANCH, UNIT}, params={"grade": str})
def grade_at_least_check(ctx, candidates, params):
    wanted_label = params.get("grade", GRADE_LABELS[FAIRLY_GOOD])
    wanted = GRADE_BY_LABEL[wanted_label]
    grades = unit_grades(ctx)
    out = {}
    for c in candidates:
        grade = (grades or {}).get(c.unit_id, ("", ""))[0]
        if grades is None or not grade:
            out[c.key] = _("所在单位尚无%(y)d年度日常考核等次") % {"y": ctx.year}
        elif not grade_at_least(grade, wanted, GRADE_ORDER):
            out[c.key] = _("所在单位日常考核等次为%(g)s（需%(w)s及以上）") % {
                "g": GRADE_LABELS.get(grade, grade), "w": wanted_label}
    return out


@check("no_veto", label=_("所在单位未被一票否决"), subjects={BRANCH, UNIT})
def no_veto_check(ctx, candidates, params):
    grades = unit_grades(ctx) or {}
    return {c.key: _("所在单位%(y)d年度日常考核被一票否决") % {"y": ctx.year}
            for c in candidates if grades.get(c.unit_id, ("", ""))[1]}


# ---- the branch's own facts ---------------------------------------------------------------------

@check("branch_setup_ok", label=_("支部设置规范、按期换届"), subjects={BRANCH})
def branch_setup_check(ctx, candidates, params):
    from dangjian.orgs.rules import branch_warnings

    out = {}
    for c in candidates:
        faults = branch_warnings(full_members=c.members_full, total_members=c.members_current,
                                 has_committee=c.has_committee)
        if c.term_end is not None and c.term_end < ctx.on:
            faults.append(_("任期已届满未换届"))
        if faults:
            out[c.key] = _("支部设置不规范：%(f)s") % {"f": "、".join(faults)}
    return out


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


@check("meeting_rules_met", label=_("“三会一课”等组织生活按规定开展"), subjects={BRANCH},
       params={"months": int, "kinds": list})
def meeting_rules_check(ctx, candidates, params):
    """Every frequency rule (or those of ``kinds``, activity kind codes) met in every period
    that began in the last ``months`` months (whole months back from the month of ``ctx.on``)
    and has ended by ``ctx.on``: one year_compliance per calendar year touched."""
    from dangjian.records.compliance import active_rules, year_compliance
    from dangjian.records.rules import periods_between

    months = params.get("months", 12)
    start = _months_before(ctx.on, months)
    rules = active_rules()
    if params.get("kinds"):
        rules = [r for r in rules if r.kind.code in params["kinds"]]
    keys = {c.key for c in candidates}
    position = {r.pk: i for i, r in enumerate(rules)}       # the first rule missed names the failure
    missed = {}                 # org id -> {rule order: (kind name, [period starts])}
    for year in range(start.year, ctx.on.year + 1):
        today = ctx.on if year == ctx.on.year else date(year, 12, 31)
        # an earlier year counts only for the periods that begin in the window: leave out the
        # rules with none there (in December, a year back: the monthly rules only)
        first = max(start, date(year, 1, 1))
        judged = [r for r in rules if periods_between(r.period, first, today)]
        if not judged:
            continue
        results, _rows, _misses = year_compliance(ctx.orgs, year, today=today, rules=judged)
        for result in results:
            order = position[result.rule.pk]
            for org_id, periods in result.missed.items():
                late = [p for p in periods if p >= start]
                if late and org_id in keys:
                    entry = missed.setdefault(org_id, {}).setdefault(order, (result.rule.kind.name, []))
                    entry[1].extend(late)
    out = {}
    for key, by_rule in missed.items():
        kind, periods = by_rule[min(by_rule)]
        out[key] = _("近%(m)d个月%(kind)s未按规定开展（%(first)s起缺%(n)d期）") % {
            "m": months, "kind": kind, "first": min(periods).strftime("%Y年%m月"), "n": len(periods)}
    return out


SANCTIONS = ("light_sanction", "heavy_sanction", "judicial")


@check("no_sanctioned_member", label=_("无党员受警告以上处分"), subjects={BRANCH, UNIT}, params={"severities": list})
def no_sanction_check(ctx, candidates, params):
    """The platform keeps discipline cases per unit, in the assessment ledger (case, severity),
    not per member: a live case of a sanction (警告 or more, by ``severities``) that occurred in
    the round's year disqualifies the unit's candidates."""
    from dangjian.assessment.models import LedgerEntry

    severities = params.get("severities") or list(SANCTIONS)
    units = {c.unit_id for c in candidates if c.unit_id}
    rows = (LedgerEntry.objects.filter(scheme__year=ctx.year, severity__in=severities, reverses__isnull=True,
                                       reversed_by__isnull=True, body__unit_id__in=units)
            .values_list("body__unit_id", "case_ref").order_by("occurred_on", "id"))
    cases = {}
    for unit_id, ref in rows:
        cases.setdefault(unit_id, ref)
    return {c.key: _("所在单位%(y)d年度有党员受到警告以上处分（%(ref)s）") % {"y": ctx.year, "ref": cases[c.unit_id] or "-"}
            for c in candidates if c.unit_id in cases}


@check("no_open_findings", label=_("所在单位无未整改到位的巡察、审计问题"), subjects={BRANCH, UNIT})
def no_open_findings_check(ctx, candidates, params):
    """Disqualified by open inspection or audit findings (../shared/assessment.md): a finding of
    the host unit raised by ``ctx.on`` and not yet verified by the department that raised it
    (reported done still counts as open). Two queries, whatever the number of candidates."""
    from dangjian.rectification.selectors import units_with_open_findings

    units = units_with_open_findings({c.unit_id for c in candidates if c.unit_id}, ctx.on)
    return {c.key: _("所在单位有巡察、审计问题尚未整改到位（需经提出部门验收）") for c in candidates if c.unit_id in units}
