"""Pure rules of an open challenge (揭榜挂帅): its status and what may happen in each.

A project's status follows from what the committee decided (``decided``: published, lead
appointed, accepted, failed) and the calendar, so nobody has to click "close" or "start":
- published, until the application deadline has passed: applying closed;
- lead appointed, from the start date: in progress;
- an acceptance review passes (accepted), fails (failed), or postpones (still in progress).
"""
from datetime import date

PUBLISHED = "published"
CLOSED = "closed"
APPOINTED = "appointed"
IN_PROGRESS = "in_progress"
ACCEPTED = "accepted"
FAILED = "failed"
STATUSES = (PUBLISHED, CLOSED, APPOINTED, IN_PROGRESS, ACCEPTED, FAILED)
DECIDED = (PUBLISHED, APPOINTED, ACCEPTED, FAILED)        # what is stored
TERMINAL = frozenset({ACCEPTED, FAILED})

STATUS_LABELS = {PUBLISHED: "报名中", CLOSED: "报名已截止", APPOINTED: "已确定揭榜单位", IN_PROGRESS: "实施中",
                 ACCEPTED: "验收通过", FAILED: "验收不通过"}

# Acceptance review results (验收) and the decision each leaves.
PASS, FAIL, POSTPONE = "pass", "fail", "postpone"
RESULTS = (PASS, FAIL, POSTPONE)
RESULT_LABELS = {PASS: "通过", FAIL: "不通过", POSTPONE: "延期"}
AFTER_REVIEW = {PASS: ACCEPTED, FAIL: FAILED, POSTPONE: APPOINTED}

# What may happen, by status.
APPLY, APPOINT, MILESTONE, REVIEW = "apply", "appoint", "milestone", "review"
ALLOWED = {APPLY: {PUBLISHED}, APPOINT: {CLOSED}, MILESTONE: {APPOINTED, IN_PROGRESS}, REVIEW: {IN_PROGRESS}}
REFUSALS = {
    APPLY: "报名已截止或项目不在报名阶段，不能再申报。",
    APPOINT: "只能在报名截止后、确定揭榜单位前指定揭榜单位。",
    MILESTONE: "只有确定揭榜单位后、验收完成前可以维护节点。",
    REVIEW: "只有实施中的项目可以验收。",
}


def current_status(*, decided: str, apply_by: date, starts_on: date, today: date) -> str:
    if decided not in DECIDED:
        raise ValueError(decided)
    if decided == PUBLISHED:
        return CLOSED if today > apply_by else PUBLISHED
    if decided == APPOINTED:
        return IN_PROGRESS if today >= starts_on else APPOINTED
    return decided


def event_error(event: str, status: str) -> str | None:
    """Why ``event`` may not happen to a project in ``status`` (Chinese), or None."""
    return None if status in ALLOWED[event] else REFUSALS[event]


def decided_after(event: str, status: str, result: str | None = None) -> str:
    """The decision an allowed event leaves; ValueError when it is not allowed."""
    if event_error(event, status):
        raise ValueError((event, status))
    if event == APPOINT:
        return APPOINTED
    if event == REVIEW:
        return AFTER_REVIEW[result]
    return PUBLISHED if status in (PUBLISHED, CLOSED) else APPOINTED     # apply, milestone: no change


def schedule_errors(*, apply_by: date, starts_on: date, today: date) -> dict:
    """A project's dates: the deadline not past, the start after the deadline."""
    errors = {}
    if apply_by < today:
        errors["apply_by"] = "申报截止日期不能早于今天。"
    if starts_on <= apply_by:
        errors["starts_on"] = "项目启动日期须晚于申报截止日期。"
    return errors


def milestone_errors(*, due_on: date, done_on: date | None, starts_on: date, today: date) -> dict:
    errors = {}
    if due_on < starts_on:
        errors["due_on"] = f"节点日期不能早于项目启动日期（{starts_on:%Y-%m-%d}）。"
    if done_on is not None:
        if done_on > today:
            errors["done_on"] = "完成日期不能晚于今天。"
        elif done_on < starts_on:
            errors["done_on"] = f"完成日期不能早于项目启动日期（{starts_on:%Y-%m-%d}）。"
    return errors
