"""Pure rules of rectification: transitions, the status on a day from the history, overdue."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from dangjian.assessment.metrics.rectification import overdue_share
from dangjian.rectification import rules

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
actions = st.lists(st.sampled_from([rules.REPORT, rules.VERIFY, rules.SEND_BACK]), max_size=12)


def walk(steps):
    """The statuses a sequence of actions passes through from creation, stopping at the first refused one."""
    status, seen = rules.next_status(None, rules.CREATE), [rules.OPEN]
    for action in steps:
        if rules.transition_error(status, action):
            break
        status = rules.next_status(status, action)
        seen.append(status)
    return seen


def test_the_table_of_transitions():
    assert rules.next_status(None, rules.CREATE) == rules.OPEN
    assert rules.next_status(rules.OPEN, rules.REPORT) == rules.DONE
    assert rules.next_status(rules.DONE, rules.VERIFY) == rules.VERIFIED
    assert rules.next_status(rules.DONE, rules.SEND_BACK) == rules.OPEN
    for status, action in [(rules.OPEN, rules.VERIFY), (rules.OPEN, rules.SEND_BACK), (rules.DONE, rules.REPORT),
                           (rules.VERIFIED, rules.REPORT), (rules.VERIFIED, rules.SEND_BACK), (rules.OPEN, rules.CREATE)]:
        with pytest.raises(ValueError):
            rules.next_status(status, action)
        assert rules.transition_error(status, action)
    assert rules.allowed_actions(rules.VERIFIED) == []
    assert set(rules.allowed_actions(rules.DONE)) == {rules.VERIFY, rules.SEND_BACK}


@given(actions)
def test_verified_is_final_and_only_reached_through_a_report(steps):
    seen = walk(steps)
    assert all(s in rules.STATUSES for s in seen)
    if rules.VERIFIED in seen:
        assert seen[-1] == rules.VERIFIED and seen.count(rules.VERIFIED) == 1
        assert seen[seen.index(rules.VERIFIED) - 1] == rules.DONE
    for before, after in zip(seen, seen[1:]):
        assert after != before          # every accepted step changes the status


@given(st.sampled_from(rules.STATUSES), days, days)
def test_only_an_open_problem_past_its_deadline_is_overdue(status, deadline, on):
    assert rules.is_overdue(status, deadline, on) == (status == rules.OPEN and deadline < on)
    assert rules.is_overdue(status, deadline, deadline) is False       # the deadline day itself is on time
    assert rules.days_overdue(deadline, on) == max(0, (on - deadline).days)


@given(st.lists(st.tuples(days, st.sampled_from(rules.STATUSES)), max_size=8), days)
def test_the_status_on_a_day_is_the_last_one_by_then(events, day):
    events = sorted(events, key=lambda e: e[0])
    expected = None
    for when, status in events:
        if when <= day:
            expected = status
    assert rules.status_on(events, day) == expected
    if events:
        assert rules.status_on(events, events[0][0] - timedelta(days=1)) is None
        assert rules.status_on(events, events[-1][0]) == events[-1][1]
    assert rules.open_on(events, day) == (expected in (rules.OPEN, rules.DONE))


def test_a_send_back_after_the_deadline_makes_it_overdue_again():
    deadline = date(2026, 6, 30)
    events = [(date(2026, 5, 1), rules.OPEN), (date(2026, 6, 20), rules.DONE), (date(2026, 7, 10), rules.OPEN)]
    assert not rules.overdue_on(events, deadline, date(2026, 7, 5))     # reported done in time
    assert rules.overdue_on(events, deadline, date(2026, 7, 10))
    assert not rules.overdue_on(events, deadline, date(2026, 4, 1))     # not raised yet


@given(days, days)
def test_a_deadline_before_the_problem_is_refused(raised_on, deadline):
    error = rules.deadline_error(raised_on=raised_on, deadline=deadline)
    assert (error is not None) == (deadline < raised_on)
    if error:
        assert "整改期限" in error


@given(st.integers(min_value=0, max_value=50), st.fractions(min_value=0, max_value=1))
def test_each_overdue_item_costs_its_share_and_never_below_zero(n, each):
    share = overdue_share(n, each)
    assert 0 <= share <= 1
    assert share == max(0, 1 - n * each)
    assert overdue_share(n + 1, each) <= share
