"""Pure scoring rules: facts to points, divisions, renormalisation, ranking and grades.

No ORM here; every function takes plain values and is tested in microseconds
(tests/test_assessment_rules.py). Points are Decimals, since schemes deduct 0.1 or 0.5 a
case; scores are compared and shown at two decimals (``shown``), so what looks like a tie is
ranked as one.
"""
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# 诫勉 / 轻处分 / 重处分 / 移送司法: the demo's severity ladder; a scheme keeps its own as data.
DISCIPLINE_LADDER = {
    "admonition": Decimal(1), "light_sanction": Decimal(3),
    "heavy_sanction": Decimal(5), "judicial": Decimal(8),
}

GOOD, FAIRLY_GOOD, AVERAGE, POOR = "good", "fairly_good", "average", "poor"   # 好 较好 一般 差
GRADE_ORDER = (GOOD, FAIRLY_GOOD, AVERAGE, POOR)
GRADE_LABELS = {GOOD: "好", FAIRLY_GOOD: "较好", AVERAGE: "一般", POOR: "差"}
VETO_NOT_GOOD, VETO_POOR = "not_good", "poor"    # 不得评为好 / 直接评为差


def as_decimal(value) -> Decimal:
    """A Decimal of an int, Decimal, Fraction or float (floats by their shortest repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def shown(points) -> Decimal:
    """Points as a score card shows them: two decimals, halves up."""
    return as_decimal(points).quantize(CENT, rounding=ROUND_HALF_UP)


# ---- facts to points -------------------------------------------------------------------------

def case_points(*, per_case=None, ladder=None, severity=None) -> Decimal:
    """Points one case deducts: the indicator's points per case, or its ladder's points for
    the case's severity."""
    if ladder is not None:
        if severity not in ladder:
            raise ValueError(f"unknown severity {severity!r}")
        points = as_decimal(ladder[severity])
    elif per_case is not None:
        points = as_decimal(per_case)
    else:
        raise ValueError("an indicator deducts per case or by a ladder")
    if points < 0:
        raise ValueError("negative points")
    return points


@dataclass(frozen=True)
class Entry:
    """One ledger entry as the rules see it. ``points`` are positive: deducted by a deduction
    indicator, awarded by a bonus. A reversal names the entry it cancels."""
    id: int
    department: object
    indicator: object
    unit: object
    points: Decimal
    case_ref: str = ""
    reverses: int | None = None


def effective_entries(entries) -> list[Entry]:
    """The entries that count, in id order: a reversal cancels the entry it names and itself;
    of what remains, a case reference counts once per department (its earliest entry)."""
    entries = sorted(entries, key=lambda e: e.id)
    by_id = {e.id: e for e in entries}
    cancelled = set()
    for e in entries:
        if e.reverses is None:
            continue
        target = by_id.get(e.reverses)
        if target is None or target.reverses is not None:
            raise ValueError(f"entry {e.id} reverses no ordinary entry")
        cancelled.update((e.id, target.id))
    seen, out = set(), []
    for e in entries:
        if e.id in cancelled:
            continue
        if e.case_ref.strip():
            key = (e.department, e.case_ref.strip())
            if key in seen:
                continue
            seen.add(key)
        out.append(e)
    return out


@dataclass(frozen=True)
class LeafResult:
    """A leaf's points out of its maximum. ``missing`` is 缺项: no fact to judge by, counted at
    full marks and shown as missing, never as zero."""
    points: Decimal
    maximum: Decimal
    missing: bool = False


def _checked_maximum(maximum) -> Decimal:
    maximum = as_decimal(maximum)
    if maximum < 0:
        raise ValueError("negative maximum")
    return maximum


def deduction_leaf(maximum, deductions) -> LeafResult:
    """Full marks less every deduction, never below 0."""
    maximum = _checked_maximum(maximum)
    total = ZERO
    for points in deductions:
        points = as_decimal(points)
        if points < 0:
            raise ValueError("negative deduction")
        total += points
    return LeafResult(max(ZERO, maximum - total), maximum)


def metric_leaf(maximum, share) -> LeafResult:
    """A metric's share of its rule met (0..1) as points; ``None`` (no facts) is 缺项."""
    maximum = _checked_maximum(maximum)
    if share is None:
        return LeafResult(maximum, maximum, missing=True)
    share = as_decimal(share)
    if not ZERO <= share <= 1:
        raise ValueError("a share lies between 0 and 1")
    return LeafResult(maximum * share, maximum)


def panel_leaf(maximum, points) -> LeafResult:
    """A panel's points (0..maximum); ``None`` (not yet reviewed) is 缺项."""
    maximum = _checked_maximum(maximum)
    if points is None:
        return LeafResult(maximum, maximum, missing=True)
    points = as_decimal(points)
    if not ZERO <= points <= maximum:
        raise ValueError("panel points lie between 0 and the maximum")
    return LeafResult(points, maximum)


def bonus_points(awards, caps, overall_cap) -> Decimal:
    """Bonus points from (indicator, points) awards: each indicator capped by its own cap
    (an indicator without one is capped only overall), the sum by ``overall_cap``."""
    per_indicator = defaultdict(lambda: ZERO)
    for indicator, points in awards:
        points = as_decimal(points)
        if points < 0:
            raise ValueError("negative bonus")
        per_indicator[indicator] += points
    total = sum((min(points, as_decimal(caps[ind])) if ind in caps else points
                 for ind, points in per_indicator.items()), ZERO)
    return min(total, as_decimal(overall_cap))


# ---- divisions and renormalisation ------------------------------------------------------------

def division_maxima(leaves, group_weights) -> dict:
    """Each leaf's maximum in a division. ``leaves`` maps a leaf to (group, maximum); a
    division gives a group its own weight, and the group's leaves scale to sum to it. A group
    the division does not reweight keeps its scheme total."""
    totals = defaultdict(lambda: ZERO)
    for group, maximum in leaves.values():
        totals[group] += _checked_maximum(maximum)
    out = {}
    for leaf, (group, maximum) in leaves.items():
        total = totals[group]
        weight = as_decimal(group_weights.get(group, total))
        out[leaf] = as_decimal(maximum) * weight / total if total else ZERO
    return out


def renormalised(results, total=HUNDRED) -> Decimal | None:
    """A unit's score over the leaves that apply to it, scaled so that its maximum is
    ``total``: an indicator that does not apply is left out, not counted as lost points.
    ``None`` when nothing applies."""
    points = maximum = ZERO
    for result in results:
        points += result.points
        maximum += result.maximum
    if maximum == 0:
        return None
    return points * as_decimal(total) / maximum


@dataclass(frozen=True)
class Combined:
    score: Decimal | None
    missing: tuple = ()       # the parts not yet held, left out with their weights


def combined(parts) -> Combined:
    """The year result from weighted parts, e.g. {"daily": (score, 60), "review": (score, 40)}.
    A part not yet held (score ``None``) is left out and the others' weights renormalised;
    the result says which parts are missing."""
    weighted = weights = ZERO
    missing = []
    for name, (score, weight) in parts.items():
        weight = as_decimal(weight)
        if weight < 0:
            raise ValueError("negative weight")
        if score is None:
            missing.append(name)
            continue
        weighted += as_decimal(score) * weight
        weights += weight
    return Combined(weighted / weights if weights else None, tuple(missing))


# ---- ranking and grades within a division -----------------------------------------------------

@dataclass(frozen=True)
class Ranked:
    rank: int
    key: object
    score: Decimal          # as shown (two decimals)


def ranked(scores) -> list[Ranked]:
    """Units of one division from (key, score): higher first; scores equal as shown share a
    rank (1, 2, 2, 4) and are ordered by key, so the order never depends on the input's."""
    rows = sorted(((key, shown(score)) for key, score in scores), key=lambda ks: (-ks[1], ks[0]))
    out = []
    for position, (key, score) in enumerate(rows, start=1):
        rank = out[-1].rank if out and out[-1].score == score else position
        out.append(Ranked(rank, key, score))
    return out


@dataclass(frozen=True)
class GradeRules:
    """好 for at most ``good_share`` of the division, each scoring ``good_min`` or more;
    then 较好 and 一般 by threshold; 差 below ``average_min`` or by veto. All data."""
    good_share: Decimal = Decimal("0.30")
    good_min: Decimal = Decimal(90)
    fairly_good_min: Decimal = Decimal(85)
    average_min: Decimal = Decimal(70)

    def __post_init__(self):
        if not ZERO <= as_decimal(self.good_share) <= 1:
            raise ValueError("good_share lies between 0 and 1")
        if not self.good_min >= self.fairly_good_min >= self.average_min:
            raise ValueError("thresholds must not rise from 好 to 一般")


def grades(ranking, rules=GradeRules(), vetoes=None) -> dict:
    """Each unit's grade. 好 goes down the ranking to units that are not vetoed and reach
    ``good_min``, a tie entering whole or not at all, so that no more than ``good_share`` of
    the division is rated 好 and no unit is rated below one it outscored, vetoes aside."""
    vetoes = vetoes or {}
    slots = int((len(ranking) * as_decimal(rules.good_share)).to_integral_value(rounding=ROUND_FLOOR))
    candidates = [r for r in ranking
                  if vetoes.get(r.key) is None and r.score >= rules.good_min]
    good = set()
    for score in sorted({r.score for r in candidates}, reverse=True):
        tie = [r.key for r in candidates if r.score == score]
        if len(good) + len(tie) > slots:
            break
        good.update(tie)
    out = {}
    for r in ranking:
        if vetoes.get(r.key) == VETO_POOR or r.score < rules.average_min:
            out[r.key] = POOR
        elif r.key in good:
            out[r.key] = GOOD
        elif r.score >= rules.fairly_good_min:
            out[r.key] = FAIRLY_GOOD
        else:
            out[r.key] = AVERAGE
    return out


# ---- a scheme's shape -------------------------------------------------------------------------

def scheme_errors(*, total, groups, divisions=None) -> list[str]:
    """What keeps a scheme from being published, in Chinese. ``groups`` maps a group's name to
    (its maximum, [its leaves' maxima]); ``divisions`` maps a division's name to its group
    weights. Leaves sum to their group, groups to the total, each division's weights too."""
    from django.utils.translation import gettext as _

    errors = []
    total = as_decimal(total)
    group_sum = ZERO
    for name, (maximum, leaves) in groups.items():
        maximum = as_decimal(maximum)
        leaves = [as_decimal(m) for m in leaves]
        group_sum += maximum
        if maximum < 0 or any(m < 0 for m in leaves):
            errors.append(_("%(group)s：分值不能为负数。") % {"group": name})
        elif not leaves:
            errors.append(_("%(group)s：没有指标。") % {"group": name})
        elif sum(leaves, ZERO) != maximum:
            errors.append(_("%(group)s：各指标分值之和为 %(sum)s，应为 %(max)s。") % {
                "group": name, "sum": sum(leaves, ZERO), "max": maximum})
    if group_sum != total:
        errors.append(_("各类指标分值之和为 %(sum)s，应为总分 %(total)s。") % {"sum": group_sum, "total": total})
    for division, weights in (divisions or {}).items():
        unknown = sorted(set(weights) - set(groups))
        if unknown:
            errors.append(_("赛区“%(division)s”：没有这些指标类别：%(names)s。") % {
                "division": division, "names": "、".join(map(str, unknown))})
        weighted = sum((as_decimal(weights.get(g, groups[g][0])) for g in groups), ZERO)
        if any(as_decimal(w) < 0 for w in weights.values()):
            errors.append(_("赛区“%(division)s”：权重不能为负数。") % {"division": division})
        elif weighted != total:
            errors.append(_("赛区“%(division)s”：各类权重之和为 %(sum)s，应为总分 %(total)s。") % {
                "division": division, "sum": weighted, "total": total})
    return errors
