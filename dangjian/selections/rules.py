"""Pure rules of a selection round: no ORM, testable in microseconds (tests/test_selections_rules.py).

- ``trimmed_mean``: drop the N highest and N lowest scores, average the rest.
- ``shortlist``: rank by score and take the quota; ties are ordered deterministically.
- ``quota_refusal``: a nomination over the quota of its unit or zone.
- ``notice_end``: the last day of a notice of N working days (weekends only: public holidays
  and the working weekends swapped for them are not known to the platform).
- ``outcome``: the first failed eligibility rule decides, in the round's order.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
FAILED_PREFIX = "未通过："


def trimmed_mean(values, drop: int) -> Decimal | None:
    """The mean after dropping the ``drop`` highest and ``drop`` lowest values, at two decimals.
    With too few values to drop that many from each side, as many are dropped as leave at least
    one value (three scores with drop=2 keep the middle one). None when there are no values."""
    values = sorted(Decimal(v) for v in values)
    if not values:
        return None
    if drop < 0:
        raise ValueError("drop must be 0 or more")
    k = min(drop, (len(values) - 1) // 2)
    kept = values[k:len(values) - k]
    return (sum(kept) / len(kept)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ranked:
    key: object
    score: Decimal
    rank: int           # 1 for the best; equal scores share a rank
    shortlisted: bool
    tied_at_cut: bool   # shares the score of the last place inside the quota, on the other side of it


def shortlist(scores, quota: int) -> list[Ranked]:
    """``scores``: (key, score) pairs, score None for a nomination not scored (left out).
    Ordered by score, highest first; equal scores by key (the earlier nomination first), so the
    same scores always give the same list. The first ``quota`` are shortlisted; those tied with
    the last shortlisted across the cut are flagged for the committee to decide."""
    if quota < 0:
        raise ValueError("quota must be 0 or more")
    rows = sorted(((k, Decimal(s)) for k, s in scores if s is not None), key=lambda r: (-r[1], r[0]))
    cut = rows[quota - 1][1] if 0 < quota <= len(rows) else None
    out, rank = [], 0
    for i, (key, score) in enumerate(rows):
        if i == 0 or score != rows[i - 1][1]:
            rank = i + 1
        inside = i < quota
        boundary = cut is not None and score == cut and quota < len(rows) and rows[quota][1] == cut
        out.append(Ranked(key, score, rank, inside, boundary))
    return out


def quota_refusal(*, unit_count: int, zone_count: int, per_unit: int | None, per_zone: int | None) -> str | None:
    """Why one more nomination is over the quota (counts are those already made), or None."""
    if per_unit is not None and unit_count >= per_unit:
        return "本单位推荐名额已满（每单位 %d 个）。" % per_unit
    if per_zone is not None and zone_count >= per_zone:
        return "本协作区推荐名额已满（每协作区 %d 个）。" % per_zone
    return None


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def notice_end(start: date, working_days: int) -> date:
    """The last day of a notice of ``working_days`` working days from ``start``: ``start``
    counts when it is a working day; a notice starting on a weekend begins the next Monday."""
    if working_days < 1:
        raise ValueError("a notice lasts at least one working day")
    day, left = start, working_days
    while True:
        if is_working_day(day):
            left -= 1
            if left == 0:
                return day
        day += timedelta(days=1)


def in_notice(day: date, start: date, end: date) -> bool:
    return start <= day <= end


@dataclass(frozen=True)
class Outcome:
    passed: bool
    failed: str = ""        # the code of the first failed check
    message: str = ""       # "未通过：..." in Chinese


def outcome(checks) -> Outcome:
    """``checks``: (code, failure text or None) in the round's order. The first failure decides
    (one message, the rule to fix first); no failure passes."""
    for code, failure in checks:
        if failure:
            return Outcome(False, code, FAILED_PREFIX + failure)
    return Outcome(True)


def grade_at_least(grade: str | None, wanted: str, order) -> bool:
    """Whether ``grade`` is ``wanted`` or better in ``order`` (best first); no grade never is."""
    if grade not in order:
        return False
    return order.index(grade) <= order.index(wanted)
