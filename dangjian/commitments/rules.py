"""Pure rules of the three-ones lists: status transitions, reminder windows before a due
date, the dates an item may take, and the share of items done or on track. No database."""
from datetime import date
from fractions import Fraction

from django.utils.translation import gettext as _

NOT_STARTED, IN_PROGRESS, DONE, SHELVED = "not_started", "in_progress", "done", "shelved"
OPEN = frozenset({NOT_STARTED, IN_PROGRESS})

# Where an item may go from each status. Nothing goes back to 未开始; a shelved item resumes,
# a done item may be reopened (a note says why).
TRANSITIONS = {
    NOT_STARTED: frozenset({IN_PROGRESS, DONE, SHELVED}),
    IN_PROGRESS: frozenset({DONE, SHELVED}),
    SHELVED: frozenset({IN_PROGRESS}),
    DONE: frozenset({IN_PROGRESS}),
}

REMINDER_DAYS = (30, 7)           # reminders show this many days before the due date (事前提醒)
YEARS_AHEAD = 1                   # a list may be drawn up for this year or the next


def transition_allowed(old: str, new: str) -> bool:
    """Staying is always allowed (a note without a change of status)."""
    return old == new or new in TRANSITIONS.get(old, frozenset())


def transition_error(old: str, new: str, labels=None) -> str | None:
    if transition_allowed(old, new):
        return None
    labels = labels or {}
    return _("状态不能从“%(old)s”改为“%(new)s”") % {"old": labels.get(old, old), "new": labels.get(new, new)}


def reminder_window(*, status: str, due_on: date, today: date) -> int | None:
    """The narrowest reminder window (7 or 30 days) an open item's due date falls in, counted
    from ``today``; None when it is not due within the widest window, is past due, or is closed."""
    if status not in OPEN:
        return None
    days = (due_on - today).days
    if days < 0:
        return None
    fitting = [w for w in REMINDER_DAYS if days <= w]
    return min(fitting) if fitting else None


def is_overdue(*, status: str, due_on: date, on: date) -> bool:
    return status in OPEN and due_on < on


def on_track(*, status: str, due_on: date, completed_on: date | None, on: date) -> bool:
    """Whether an item counts on ``on``: done by then, or still open and not yet due. A shelved
    item does not count; an item done after ``on`` was open on ``on``."""
    if status == DONE and completed_on is not None and completed_on <= on:
        return True
    if status == SHELVED:
        return False
    return due_on >= on


def completion_share(items, on: date):
    """The share (a Fraction) of ``items`` — (status, due_on, completed_on) — on track on
    ``on``; None for no items (缺项, never zero)."""
    items = list(items)
    if not items:
        return None
    good = sum(on_track(status=s, due_on=d, completed_on=c, on=on) for s, d, c in items)
    return Fraction(good, len(items))


def year_error(year: int, today: date) -> str | None:
    if not today.year <= year <= today.year + YEARS_AHEAD:
        return _("清单年度须为 %(a)d 年或 %(b)d 年") % {"a": today.year, "b": today.year + YEARS_AHEAD}
    return None


def due_on_error(*, due_on: date, year: int, today: date) -> str | None:
    """A due date lies within the list's year and not before today."""
    if due_on.year != year:
        return _("完成时限须在 %(y)d 年内") % {"y": year}
    if due_on < today:
        return _("完成时限不能早于今天（%(d)s）") % {"d": today.isoformat()}
    return None
