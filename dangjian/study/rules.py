"""Pure rules of committee-run study: no ORM, testable in microseconds."""
from datetime import date, timedelta


def remaining_places(*, capacity: int, booked: int) -> int:
    return max(capacity - booked, 0)


def fits(*, capacity: int, booked: int, headcount: int) -> bool:
    """A booking fits when the places already held plus its headcount stay within capacity."""
    return headcount > 0 and booked + headcount <= capacity


def working_days(start: date, end: date) -> list[date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def spread_dates(n: int, start: date, end: date) -> list[date]:
    """``n`` working days spread evenly from ``start`` to ``end`` (repeats when too few days)."""
    if n <= 0:
        return []
    days = working_days(start, end) or [start]
    if n == 1:
        return [days[len(days) // 2]]
    step = (len(days) - 1) / (n - 1)
    return [days[round(i * step)] for i in range(n)]


def coverage_share(covered: int, total: int) -> float:
    """Share of units covered, 0..1; an empty registry counts as not covered."""
    return covered / total if total else 0.0


def enrolment_open(*, capacity: int, enrolled: int) -> bool:
    return enrolled < capacity
