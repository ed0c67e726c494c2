"""Compliance of orgs with the frequency rules, computed in bulk in the database.

For each group of rules sharing (kind, period, min_count) one grouped query finds, per org,
which periods of the year the org kept at least min_count records of that kind in (one bit a
period, summed in the database, so one row an org whatever the number of periods). The number
of queries depends on the rules, never on the number of orgs or records. Each rule's result
names, per org, the periods met and missed: the evidence a score card shows.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractQuarter, ExtractYear

from .models import Activity, FrequencyRule
from .rules import period_end, period_index, period_start, periods_between, reminder_due, rule_applies

ORG_FIELDS = ("id", "type", "has_committee", "group_count", "unit_id", "unit__zone_id", "name")


@dataclass
class OrgRow:
    id: int
    type: str
    has_committee: bool
    group_count: int
    unit_id: int | None
    zone_id: int | None
    name: str


@dataclass
class RuleResult:
    rule: FrequencyRule
    applicable: int = 0          # orgs the rule applies to
    met: int = 0                 # of them, orgs that met it in every period
    met_org_ids: set = field(default_factory=set)
    periods: tuple = ()          # starts of the periods judged: those of the year ended by the day
    missed: dict = field(default_factory=dict)   # org id -> starts of the periods it missed (never empty)

    @property
    def share(self):
        return None if not self.applicable else self.met / self.applicable

    def met_periods(self, org_id) -> tuple:
        """Starts of the periods the org met (of an org the rule applies to)."""
        missed = set(self.missed.get(org_id, ()))
        return tuple(p for p in self.periods if p not in missed)


def active_rules():
    return list(FrequencyRule.objects.filter(active=True, kind__active=True).select_related("kind"))


def org_rows(orgs):
    return [OrgRow(*row) for row in orgs.filter(dissolved=False).values_list(*ORG_FIELDS)]


def applicable(rule, org: OrgRow) -> bool:
    return rule_applies(rule.applies_to, org_type=org.type, has_committee=org.has_committee,
                        group_count=org.group_count)


_INDEX = {"month": ExtractMonth, "quarter": ExtractQuarter, "year": ExtractYear}


def _periods_met(orgs, kind_id, period, min_count, periods) -> dict[int, frozenset]:
    """{org_id: starts of the ``periods`` (of one year) with at least min_count records}; an
    org that met none is left out. One query: each period is a bit, and the database sums an
    org's bits over the periods it met."""
    if not periods:
        return {}
    if periods[0].year != periods[-1].year:
        raise ValueError("the periods of one year")
    start, end = periods[0], period_end(period, periods[-1])
    inner = (
        Activity.objects.filter(org__in=orgs.values("id"), kind_id=kind_id, held_on__gte=start, held_on__lte=end)
        .annotate(i=_INDEX[period]("held_on"))
        .values("org_id", "i")
        .annotate(n=Count("id"))
        .filter(n__gte=min_count)
        .values("org_id", "i")
    )
    sql, params = inner.query.sql_with_params()
    bits = {period_index(period, p): 1 << k for k, p in enumerate(periods)}
    cases = " ".join(f"WHEN {int(i)} THEN {bit}" for i, bit in bits.items())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sub.org_id, SUM(CASE sub.i {cases} ELSE 0 END) FROM ({sql}) sub "
                       f"GROUP BY sub.org_id", params)
        rows = cursor.fetchall()
    return {org_id: frozenset(p for k, p in enumerate(periods) if int(mask) >> k & 1) for org_id, mask in rows}


def applicable_rows(rules, rows) -> dict[str, list]:
    """{applies_to: [org rows the rule applies to]}: rule_applies once per scope, not per rule."""
    return {a: [o for o in rows if rule_applies(a, org_type=o.type, has_committee=o.has_committee,
                                                group_count=o.group_count)]
            for a in {rule.applies_to for rule in rules}}


def _counts_in(orgs, kind_id, start, end) -> dict[int, int]:
    rows = (Activity.objects.filter(org__in=orgs.values("id"), kind_id=kind_id, held_on__gte=start,
                                    held_on__lte=end)
            .values_list("org_id").annotate(n=Count("id")))
    return dict(rows)


def year_compliance(orgs, year: int, today: date | None = None, rules=None):
    """For each active rule (or each of ``rules``): how many applicable orgs met it in every
    period of the year that has ended by ``today`` (the whole year when it is over), and which
    periods each org missed (``RuleResult.missed``). Returns (rule results, org rows, per-org
    misses: {org_id: [rule, ...]})."""
    today = today or date.today()
    start = date(year, 1, 1)
    end = min(date(year, 12, 31), today)
    rules = active_rules() if rules is None else list(rules)
    rows = org_rows(orgs)
    periods = {rule.pk: tuple(periods_between(rule.period, start, end)) for rule in rules}
    keys = sorted({(r.kind_id, r.period, r.min_count) for r in rules if periods[r.pk]})
    # one grouped query per key; a single scan of the year grouped by org, kind and month was
    # measured slower at province scale (900,000 groups: bench/RESULTS.md)
    met = {key: _periods_met(orgs, *key, list(periods_between(key[1], start, end))) for key in keys}
    scopes = applicable_rows(rules, rows)
    results = []
    misses = defaultdict(list)          # org_id -> [rule, ...] not met
    for rule in rules:
        met_by_org = met.get((rule.kind_id, rule.period, rule.min_count), {})
        result = RuleResult(rule=rule, periods=periods[rule.pk])
        for org in scopes[rule.applies_to]:
            result.applicable += 1
            done = met_by_org.get(org.id, frozenset())
            missed = tuple(p for p in result.periods if p not in done)
            if missed:
                result.missed[org.id] = missed
                misses[org.id].append(rule)
            else:
                result.met += 1
                result.met_org_ids.add(org.id)
        results.append(result)
    return results, rows, misses


@dataclass
class DueItem:
    org_id: int
    rule: FrequencyRule
    done: int
    required: int
    deadline: date
    remind: bool

    @property
    def days_left(self):
        return (self.deadline - date.today()).days


def current_items(orgs, today: date | None = None):
    """For every org and applicable rule, the current period's state: done, due, reminder."""
    today = today or date.today()
    rules = active_rules()
    rows = org_rows(orgs)
    counts = {}
    items = []
    for rule in rules:
        start = period_start(rule.period, today)
        key = (rule.kind_id, start)
        if key not in counts:
            counts[key] = _counts_in(orgs, rule.kind_id, start, period_end(rule.period, today))
        deadline = period_end(rule.period, today)
        for org in rows:
            if not applicable(rule, org):
                continue
            done = counts[key].get(org.id, 0)
            items.append(DueItem(org_id=org.id, rule=rule, done=done, required=rule.min_count,
                                 deadline=deadline,
                                 remind=reminder_due(done=done, required=rule.min_count, deadline=deadline,
                                                     today=today, lead_days=rule.lead_days)))
    return items, rows


def period_cells(results, rows):
    """{zone_id: {rule_id: [met, due]}} and the same per unit, counted in (org, period) pairs:
    due is every period judged of every org the rule applies to, met those the org kept."""
    per_zone = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    per_unit = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    scopes = applicable_rows([res.rule for res in results], rows)
    for res in results:
        rule_id, due, missed = res.rule.id, len(res.periods), res.missed
        for org in scopes[res.rule.applies_to]:
            met = due - len(missed.get(org.id, ()))
            for cell in (per_zone[org.zone_id][rule_id], per_unit[org.unit_id][rule_id]):
                cell[0] += met
                cell[1] += due
    return per_zone, per_unit


# ---- the gaps of the current period, paged in the database --------------------------------

BRANCH_TYPES = ("branch", "joint_branch", "temporary_branch")


def applies_q(applies_to: str) -> Q:
    """The orgs a rule applies to, as a filter: the database twin of rules.rule_applies."""
    if applies_to == "branches":
        return Q(type__in=BRANCH_TYPES)
    if applies_to == "committee":
        return Q(type__in=BRANCH_TYPES, has_committee=True)
    if applies_to == "groups":
        return Q(type__in=BRANCH_TYPES, group_count__gt=0)
    if applies_to == "committees":
        return Q(type__in=("organ_committee", "general_branch"))
    return Q(pk__in=[])


@dataclass
class Gaps:
    items: list          # [(DueItem, org name)], soonest deadline first, then by org name
    open_count: int      # every open item, not only those on the page
    summary: list        # [(rule, done, total)] in rule order


def _union(orgs, rules, today):
    """SQL and params of one SELECT per rule, UNION ALL: (r, org id, name, done, met) over the
    live orgs the rule applies to; done counts the org's records of the kind this period."""
    parts, params = [], []
    for r, rule in enumerate(rules):
        start, end = period_start(rule.period, today), period_end(rule.period, today)
        applicable = orgs.filter(applies_q(rule.applies_to), dissolved=False).order_by().values("id", "name")
        counts = (Activity.objects.filter(org__in=orgs.values("id"), kind_id=rule.kind_id,
                                          held_on__gte=start, held_on__lte=end)
                  .order_by().values("org_id").annotate(n=Count("id")).values("org_id", "n"))
        org_sql, org_params = applicable.query.sql_with_params()
        count_sql, count_params = counts.query.sql_with_params()
        parts.append(f"SELECT {r} AS r, o.id AS id, o.name AS name, COALESCE(c.n, 0) AS done, "
                     f"CASE WHEN COALESCE(c.n, 0) >= %s THEN 1 ELSE 0 END AS met "
                     f"FROM ({org_sql}) o LEFT JOIN ({count_sql}) c ON c.org_id = o.id")
        params += [rule.min_count, *org_params, *count_params]
    return " UNION ALL ".join(parts), params


def current_gaps(orgs, today: date | None = None, limit: int = 50, offset: int = 0) -> Gaps:
    """What is still open this period across ``orgs``: ``limit`` open items from ``offset``
    (soonest deadline, then org name) and per-rule totals, in one query after the rules whatever the
    number of orgs; no item is built for an org that is not on the page."""
    today = today or date.today()
    rules = active_rules()
    if not rules:
        return Gaps(items=[], open_count=0, summary=[])
    deadlines = sorted({period_end(rule.period, today) for rule in rules})
    rank = {d: i for i, d in enumerate(deadlines)}
    union, params = _union(orgs, rules, today)
    order = " ".join(f"WHEN {r} THEN {rank[period_end(rule.period, today)]}" for r, rule in enumerate(rules))
    # one statement: the union is computed once (a CTE read twice is materialised), then the
    # per-rule totals (id NULL) and the page of open items
    sql = (f"WITH u AS ({union}) "
           f"SELECT * FROM (SELECT u.r, CAST(NULL AS BIGINT) AS id, CAST(NULL AS VARCHAR(150)) AS name, COUNT(*) AS done, SUM(u.met) AS met, "
           f"-1 AS k FROM u GROUP BY u.r) totals "
           f"UNION ALL SELECT * FROM (SELECT u.r, u.id, u.name, u.done, 0, CASE u.r {order} END AS k "
           f"FROM u WHERE u.met = 0 ORDER BY k, u.name, u.r, u.id LIMIT %s OFFSET %s) page")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    totals = {r: (int(met or 0), total) for r, org_id, _n, total, met, _k in rows if org_id is None}
    page = sorted(((k, name, r, org_id, done) for r, org_id, name, done, _m, k in rows if org_id is not None))
    page = [(r, org_id, name, done) for _k, name, r, org_id, done in page]
    items = []
    for r, org_id, name, done in page:
        rule = rules[r]
        deadline = period_end(rule.period, today)
        items.append((DueItem(org_id=org_id, rule=rule, done=done, required=rule.min_count, deadline=deadline,
                              remind=reminder_due(done=done, required=rule.min_count, deadline=deadline,
                                                  today=today, lead_days=rule.lead_days)), name))
    summary = [(rule, *totals[r]) for r, rule in enumerate(rules) if r in totals]
    open_count = sum(total - met for met, total in totals.values())
    return Gaps(items=items, open_count=open_count, summary=summary)
