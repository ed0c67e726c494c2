"""Pure rules of the three-ones lists, as properties (hypothesis): transitions, the reminder
windows before a due date, overdue, the dates an item may take and the completion share."""
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from dangjian.commitments import rules
from dangjian.commitments.models import Status

STATUSES = st.sampled_from(Status.values)
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def test_the_rules_name_the_models_statuses():
    assert set(rules.TRANSITIONS) == set(Status.values)
    assert rules.OPEN == {Status.NOT_STARTED, Status.IN_PROGRESS}


@given(STATUSES, STATUSES)
def test_transitions(old, new):
    allowed = rules.transition_allowed(old, new)
    assert (rules.transition_error(old, new) is None) == allowed
    if old == new:
        assert allowed
    if new == Status.NOT_STARTED and old != Status.NOT_STARTED:
        assert not allowed                        # nothing goes back to 未开始
    if old == Status.SHELVED:
        assert allowed == (new in (Status.SHELVED, Status.IN_PROGRESS))


def test_a_refused_transition_names_both_statuses():
    msg = rules.transition_error("shelved", "done", dict(Status.choices))
    assert msg == "状态不能从“已搁置”改为“已完成”"


@given(STATUSES, DAYS, st.integers(-60, 90))
def test_reminders_come_only_before_the_due_date_of_an_open_item(status, today, days):
    due = today + timedelta(days=days)
    window = rules.reminder_window(status=status, due_on=due, today=today)
    if status not in rules.OPEN or days < 0 or days > 30:
        assert window is None
    elif days <= 7:
        assert window == 7
    else:
        assert window == 30
    assert rules.is_overdue(status=status, due_on=due, on=today) == (status in rules.OPEN and days < 0)


@given(STATUSES, DAYS, DAYS, st.one_of(st.none(), DAYS))
def test_on_track(status, on, due, completed):
    if status == Status.DONE and completed is None:
        completed = due
    ok = rules.on_track(status=status, due_on=due, completed_on=completed, on=on)
    if status == Status.SHELVED:
        assert not ok
    elif status == Status.DONE and completed <= on:
        assert ok
    else:
        assert ok == (due >= on)


@given(st.lists(st.tuples(STATUSES, DAYS, DAYS), max_size=12), DAYS)
def test_completion_share_counts_every_item_once(items, on):
    share = rules.completion_share(items, on)
    if not items:
        assert share is None                      # 缺项, never zero
        return
    good = sum(rules.on_track(status=s, due_on=d, completed_on=c, on=on) for s, d, c in items)
    assert share == Fraction(good, len(items)) and 0 <= share <= 1


@given(DAYS, st.integers(2020, 2031))
def test_years_this_one_or_the_next(today, year):
    assert (rules.year_error(year, today) is None) == (today.year <= year <= today.year + 1)


@given(DAYS, DAYS, st.integers(2020, 2031))
def test_a_due_date_lies_in_the_lists_year_and_not_before_today(due, today, year):
    error = rules.due_on_error(due_on=due, year=year, today=today)
    assert (error is None) == (due.year == year and due >= today)
    if due.year != year:
        assert str(year) in error
