"""Live results of a scheme: every assessed body's leaves, score, division, rank and grade.

A fixed number of queries whatever the number of bodies or entries: the scheme's tree and
divisions, the bodies, the ledger summed in the database per (body, indicator), and one call
per registered metric the scheme uses. Everything else is the pure rules.

Division weights scale a group's leaves, and a deduction or a panel's points scale with their
leaf, so a case costs the same share of its indicator in every division.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Sum

from . import metrics
from .models import AssessedBody, Indicator, LedgerEntry, Scheme
from .rules import (
    VETO_NOT_GOOD, VETO_POOR, LeafResult, bonus_points, deduction_leaf, division_maxima, grades,
    metric_leaf, panel_leaf, ranked, renormalised,
)

K = Indicator.Kind
SCORED = (K.METRIC, K.DEDUCTION, K.PANEL)


@dataclass
class LeafLine:
    indicator: Indicator
    result: LeafResult
    evidence: tuple = ()
    entries: int = 0            # live ledger entries behind it


@dataclass
class BodyResult:
    body: AssessedBody
    division: object = None     # a Division, or None when the body is in none
    leaves: list = field(default_factory=list)
    bonus: Decimal = Decimal(0)
    veto: str = ""
    score: Decimal | None = None
    rank: int | None = None
    grade: str = ""

    @property
    def missing(self):
        return [line for line in self.leaves if line.result.missing]


@dataclass
class SchemeResults:
    scheme: Scheme
    on: date
    bodies: list                # BodyResult, in division and rank order (read from the cached
                                # table: results_cache.TableRow)

    def by_division(self):
        out = defaultdict(list)
        for result in self.bodies:
            out[result.division].append(result)
        return out


def live_sums(scheme, body_ids=None, occurred_by=None) -> dict:
    """{(body_id, indicator_id): (points, entries, latest id)} over the entries that count:
    neither a reversal nor reversed, and (with ``occurred_by``) about facts of that day or
    before. (Once per case per department is kept at write time.)"""
    qs = LedgerEntry.objects.filter(scheme=scheme, reverses__isnull=True, reversed_by__isnull=True)
    if occurred_by is not None:
        qs = qs.filter(occurred_on__lte=occurred_by)
    if body_ids is not None:
        qs = qs.filter(body_id__in=body_ids)
    rows = qs.values("body_id", "indicator_id").annotate(points=Sum("points"), n=Count("id"), latest=Max("id"))
    return {(r["body_id"], r["indicator_id"]): (r["points"], r["n"], r["latest"]) for r in rows}


def _panel_points(latest_ids) -> dict:
    """The latest live panel entry's points per (body, indicator): a panel scores once."""
    return {(e.body_id, e.indicator_id): e.points
            for e in LedgerEntry.objects.filter(pk__in=latest_ids).only("body_id", "indicator_id", "points")}


def _bodies(scheme, body_ids):
    qs = AssessedBody.objects.select_related("unit", "county_committee")
    if scheme.covers == Scheme.Covers.UNITS:
        qs = qs.filter(unit__isnull=False)
    if body_ids is not None:
        qs = qs.filter(pk__in=body_ids)
    return list(qs.order_by("unit__sort", "unit__id", "county_committee__sort", "county_committee__id"))


def _division_of(body, divisions):
    for division in divisions:
        if body in division.listed:
            return division
    category = body.unit.category_id if body.unit_id else None
    for division in divisions:
        if category in division.category_ids:
            return division
    return None


def _applies(indicator, body):
    if not indicator.category_ids:
        return True
    return body.unit_id is not None and body.unit.category_id in indicator.category_ids


def scheme_results(scheme, *, on, body_ids=None, occurred_by=None) -> SchemeResults:
    """Results of ``scheme`` as they stand on ``on``, for every body it covers (or ``body_ids``).
    Ranks and grades are within each division over the bodies computed. ``occurred_by`` leaves
    out facts that happened after that day (a period's snapshot)."""
    indicators = list(scheme.indicators.select_related("department").prefetch_related("categories"))
    for ind in indicators:
        ind.category_ids = {c.id for c in ind.categories.all()}
    divisions = list(scheme.divisions.prefetch_related("categories", "bodies"))
    for division in divisions:
        division.category_ids = {c.id for c in division.categories.all()}
        division.listed = set(division.bodies.all())
    bodies = _bodies(scheme, body_ids)
    groups = {i.id: i for i in indicators if i.kind == K.GROUP}
    leaves = [i for i in indicators if i.kind in SCORED]
    sums = live_sums(scheme, [b.id for b in bodies] if body_ids is not None else None, occurred_by)
    by_body = defaultdict(dict)
    for (body_id, ind_id), value in sums.items():
        by_body[body_id][ind_id] = value
    panel_ids = {i.id for i in leaves if i.kind == K.PANEL}
    panels = _panel_points([v[2] for (_b, i), v in sums.items() if i in panel_ids])
    unit_ids = [b.unit_id for b in bodies if b.unit_id]
    # a metric not registered (yet) has no facts to judge by: 缺项 for every body
    measures = {i.id: (metrics.compute(i.metric, year=scheme.year, on=on, unit_ids=unit_ids, params=i.params)
                       if i.metric in metrics.REGISTRY else {})
                for i in leaves if i.kind == K.METRIC}
    leaf_groups = {i.id: (groups[i.parent_id].code if i.parent_id in groups else "", i.max_points) for i in leaves}
    maxima = {division: division_maxima(leaf_groups, {} if division is None else division.weights)
              for division in [None, *divisions]}
    bonus_caps = {i.id: i.cap for i in indicators if i.kind == K.BONUS and i.cap is not None}
    vetoes = {i.id: i.veto for i in indicators if i.kind == K.VETO}

    results = []
    for body in bodies:
        division = _division_of(body, divisions)
        out = BodyResult(body=body, division=division)
        for ind in leaves:
            if not _applies(ind, body):
                continue
            maximum = maxima[division][ind.id]
            factor = maximum / ind.max_points if ind.max_points else Decimal(0)
            points, n, _latest = by_body[body.id].get(ind.id, (Decimal(0), 0, None))
            evidence = ()
            if ind.kind == K.DEDUCTION:
                result = deduction_leaf(maximum, [points * factor])
            elif ind.kind == K.PANEL:
                panel = panels.get((body.id, ind.id))
                result = panel_leaf(maximum, None if panel is None else min(panel * factor, maximum))
            else:
                measure = measures[ind.id].get(body.unit_id) if body.unit_id else None
                share = measure.share if measure else None
                evidence = measure.evidence if measure else ()
                result = metric_leaf(maximum, share)
            out.leaves.append(LeafLine(ind, result, evidence, n))
        entered = by_body[body.id]
        out.bonus = bonus_points([(i, v[0]) for i, v in entered.items() if i in bonus_caps], bonus_caps,
                                 scheme.bonus_cap)
        effects = {vetoes[i] for i in entered if i in vetoes}
        out.veto = VETO_POOR if VETO_POOR in effects else (VETO_NOT_GOOD if VETO_NOT_GOOD in effects else "")
        base = renormalised([line.result for line in out.leaves], scheme.total)
        out.score = None if base is None else base + out.bonus
        results.append(out)

    rules = scheme.grade_rules()
    ordered = []
    for division in [*divisions, None]:
        members = {r.body.id: r for r in results if r.division == division and r.score is not None}
        ranking = ranked((body_id, r.score) for body_id, r in members.items())
        graded = grades(ranking, rules, {body_id: r.veto or None for body_id, r in members.items()})
        for row in ranking:
            members[row.key].rank, members[row.key].grade = row.rank, graded[row.key]
            ordered.append(members[row.key])
        ordered += [r for r in results if r.division == division and r.score is None]
    return SchemeResults(scheme=scheme, on=on, bodies=ordered)
