"""Periods as a score card names them (pure, hypothesis)."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dangjian.records.rules import (
    missed_line, missed_phrase, period_index, period_label, period_list, period_start, periods_between,
)

PERIODS = st.sampled_from(["month", "quarter", "year"])
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def test_labels_of_each_period():
    assert period_label("month", date(2026, 3, 1)) == "3月"
    assert period_label("quarter", date(2026, 4, 1)) == "二季度"
    assert period_label("year", date(2026, 1, 1)) == "2026年"
    assert period_list("month", [date(2026, 7, 1), date(2026, 3, 1), date(2026, 7, 1)]) == "3月、7月"


@given(PERIODS, DAYS)
def test_the_index_tells_the_periods_of_a_year_apart(period, day):
    year = periods_between(period, date(day.year, 1, 1), date(day.year, 12, 31))
    assert len({period_index(period, p) for p in year}) == len(year)
    assert period_index(period, period_start(period, day)) == period_index(period, day)


@given(PERIODS, st.lists(DAYS, max_size=8))
def test_a_list_names_each_period_once_in_date_order(period, days):
    starts = [period_start(period, d) for d in days]
    text = period_list(period, starts)
    unique = sorted(set(starts))
    assert text == "、".join(period_label(period, s) for s in unique)
    assert text.count("、") == max(len(unique) - 1, 0)


def test_missed_lines_name_the_org_and_each_rule():
    assert missed_phrase("committee_meeting", "支部委员会会议") == "支委会未召开"
    assert missed_phrase("contest", "知识竞赛") == "知识竞赛未记录"
    line = missed_line("机关第一支部", [("month", [date(2026, 3, 1), date(2026, 7, 1)], "committee_meeting", "x"),
                                   ("quarter", [date(2026, 4, 1)], "party_lecture", "党课")])
    assert line == "机关第一支部：3月、7月支委会未召开；二季度党课未开展"
