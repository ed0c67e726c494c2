"""Pure rules behind the assessment charts: a division's median score, the points a card lost
per top-level indicator group, the grades counted per division.

No ORM here (tests/test_assessment_charts.py checks them with hypothesis). Units and divisions
only: nothing here is about a person.
"""
from collections import Counter
from decimal import Decimal

from .rules import GRADE_ORDER, ZERO, as_decimal

UNGRADED = ""       # a unit with no score yet has no grade


def median(scores) -> Decimal | None:
    """The median of the scores (the mean of the middle two for an even count); None for none.
    ``None`` scores (nothing applies yet) are left out."""
    ordered = sorted(as_decimal(s) for s in scores if s is not None)
    n = len(ordered)
    if not n:
        return None
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


MEDIAN_MIN = 3      # fewer scored units, and a median would give away the others' scores


def division_median(scores, minimum=MEDIAN_MIN) -> Decimal | None:
    """The median a score card shows for its division: None below ``minimum`` scored units (of
    two, the median and one's own score give the other's; of one, it is one's own)."""
    scored = [s for s in scores if s is not None]
    return median(scored) if len(scored) >= minimum else None


def top_group(indicator_id, parents: dict):
    """The top-level ancestor of an indicator in a tree given as {id: parent id or None}; an
    indicator without a parent is its own top. A cycle (never in a saved scheme) raises."""
    seen = set()
    while parents.get(indicator_id) is not None:
        if indicator_id in seen:
            raise ValueError("the indicator tree has a cycle")
        seen.add(indicator_id)
        indicator_id = parents[indicator_id]
    return indicator_id


def points_lost(leaves, parents: dict) -> dict:
    """{top-level group id: points lost} from a card's leaves as (leaf id, points, maximum):
    each leaf's maximum less its points, summed per top-level group, in the order the groups
    first appear. A 缺项 leaf counts at full marks, so it loses nothing."""
    out = {}
    for leaf, points, maximum in leaves:
        points, maximum = as_decimal(points), as_decimal(maximum)
        if points < 0 or points > maximum:
            raise ValueError("a leaf's points lie between 0 and its maximum")
        group = top_group(leaf, parents)
        out[group] = out.get(group, ZERO) + (maximum - points)
    return out


def grade_counts(rows) -> dict:
    """{division: {grade: units}} from (division, grade) pairs, every grade of ``GRADE_ORDER``
    present (0 when none) and ``UNGRADED`` for the units without a grade; divisions in the order
    they first appear."""
    counted = {}
    for division, grade in rows:
        grade = grade or UNGRADED
        if grade not in GRADE_ORDER and grade != UNGRADED:
            raise ValueError(f"unknown grade {grade!r}")
        counted.setdefault(division, Counter())[grade] += 1
    return {division: {grade: counts.get(grade, 0) for grade in (*GRADE_ORDER, UNGRADED)}
            for division, counts in counted.items()}
