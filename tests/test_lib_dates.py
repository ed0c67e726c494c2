"""Bounds of the dates people type (lib/dates.py): pure rules, today passed in."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dangjian.lib.dates import (
    EARLIEST_BIRTH, LATEST_ANY, PARTY_FOUNDED, PLAN_YEARS_AHEAD, any_date_error, birth_date_error,
    past_date_error, planned_date_error, years_ahead,
)

TODAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
DATES = st.dates()


@given(DATES, TODAYS)
def test_a_past_date_is_between_the_party_and_today(value, today):
    assert (past_date_error(value, today=today) is None) == (PARTY_FOUNDED <= value <= today)


@given(DATES, TODAYS)
def test_a_birth_date_is_between_1900_and_today(value, today):
    assert (birth_date_error(value, today=today) is None) == (EARLIEST_BIRTH <= value <= today)


@given(DATES, TODAYS)
def test_a_planned_date_may_be_ahead_but_not_far(value, today):
    ok = PARTY_FOUNDED <= value <= years_ahead(today, PLAN_YEARS_AHEAD)
    assert (planned_date_error(value, today=today) is None) == ok


@given(DATES)
def test_the_net_under_every_date_field(value):
    assert (any_date_error(value) is None) == (EARLIEST_BIRTH <= value <= LATEST_ANY)


@given(TODAYS, st.integers(1, 20))
def test_years_ahead_is_that_many_years_give_or_take_a_leap_day(today, years):
    later = years_ahead(today, years)
    assert (later.year, later.month) == (today.year + years, today.month)
    assert later.day == today.day or (today.month, today.day, later.day) == (2, 29, 28)


def test_the_messages_say_what_is_wrong():
    today = date(2026, 11, 25)
    assert past_date_error(date(1, 1, 1), today=today) == "日期早于 1921-07-01"
    assert past_date_error(date(2026, 11, 26), today=today) == "日期晚于今天"
    assert birth_date_error(date(1899, 12, 31), today=today) == "日期早于 1900-01-01"
    assert planned_date_error(date(2032, 1, 1), today=today) == "日期晚于 2031-11-25"
    assert years_ahead(date(2024, 2, 29), 5) == date(2029, 2, 28)
