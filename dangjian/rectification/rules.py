"""Pure rules of rectification: which action moves a problem to which status, what its status
was on a given day from its history, and when it is overdue. No ORM here."""
from datetime import date

from django.utils.translation import gettext as _

OPEN, DONE, VERIFIED = "open", "done", "verified"          # 整改中 / 已报完成 / 已验收销号
STATUSES = (OPEN, DONE, VERIFIED)
CREATE, REPORT, VERIFY, SEND_BACK = "create", "report", "verify", "send_back"
ACTIONS = (CREATE, REPORT, VERIFY, SEND_BACK)

# (status before, action) -> status after; anything else is refused. A send-back reopens.
TRANSITIONS = {
    (None, CREATE): OPEN,
    (OPEN, REPORT): DONE,
    (DONE, VERIFY): VERIFIED,
    (DONE, SEND_BACK): OPEN,
}


def next_status(status, action) -> str:
    """The status ``action`` leads to from ``status``; ValueError when it may not be taken."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise ValueError(f"{action!r} is not allowed from {status!r}") from None


def allowed_actions(status) -> list:
    return [action for (before, action) in TRANSITIONS if before == status]


def transition_error(status, action) -> str | None:
    """Why ``action`` may not be taken from ``status`` (Chinese), or None."""
    if (status, action) in TRANSITIONS:
        return None
    if action == REPORT:
        return _("只有整改中的问题可以报告整改完成。")
    if action in (VERIFY, SEND_BACK):
        return _("只有单位已报告整改完成的问题可以验收或退回。")
    return _("该操作不适用于此问题。")


def is_overdue(status, deadline: date, on: date) -> bool:
    """Overdue on ``on``: still being rectified (never reported done, or sent back) after the
    deadline day. A problem reported done waits on the department, not the unit."""
    return status == OPEN and deadline < on


def status_on(events, day: date):
    """The status after the last event of ``day`` or before: ``events`` are (date, status
    after) in the order they happened. None when the problem did not exist yet."""
    status = None
    for when, after in events:
        if when > day:
            break
        status = after
    return status


def overdue_on(events, deadline: date, day: date) -> bool:
    return is_overdue(status_on(events, day), deadline, day)


def open_on(events, day: date) -> bool:
    """An open finding on ``day``: raised and not yet verified (reported done still counts)."""
    return status_on(events, day) in (OPEN, DONE)


def days_overdue(deadline: date, on: date) -> int:
    return max(0, (on - deadline).days)


def deadline_error(*, raised_on: date, deadline: date) -> str | None:
    if deadline < raised_on:
        return _("整改期限不能早于问题提出日期。")
    return None
