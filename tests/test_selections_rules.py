"""Pure rules of selection rounds: trimmed mean, shortlist, quotas, the notice's working days,
the eligibility outcome."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from dangjian.selections import rules

points = st.integers(min_value=0, max_value=10_000).map(lambda cents: Decimal(cents) / 100)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


def test_trimmed_mean_drops_the_highest_and_lowest():
    assert rules.trimmed_mean([90, 80, 70, 10, 100], 1) == Decimal("80.00")
    assert rules.trimmed_mean([90, 80], 0) == Decimal("85.00")
    assert rules.trimmed_mean([], 1) is None
    assert rules.trimmed_mean([5, 1, 9], 2) == Decimal("5.00")     # keeps the middle one


@given(st.lists(points, min_size=1, max_size=12), st.integers(min_value=0, max_value=4))
def test_trimmed_mean_lies_between_the_kept_extremes(values, drop):
    mean = rules.trimmed_mean(values, drop)
    assert min(values) <= mean <= max(values)
    # order does not matter
    assert rules.trimmed_mean(list(reversed(values)), drop) == mean


@given(st.lists(points, min_size=3, max_size=12), points)
def test_one_outlier_moves_a_trimmed_mean_no_further_than_the_kept_range(values, outlier):
    base = rules.trimmed_mean(values, 1)
    ordered = sorted(values)
    moved = rules.trimmed_mean(values + [Decimal(1000)], 1)
    assert ordered[1] <= moved <= max(ordered)
    assert base is not None


def test_shortlist_ranks_and_breaks_ties_by_the_earlier_nomination():
    out = rules.shortlist([(3, 90), (1, 95), (2, 90), (4, None), (5, 80)], 2)
    assert [(r.key, r.rank, r.shortlisted, r.tied_at_cut) for r in out] == [
        (1, 1, True, False), (2, 2, True, True), (3, 2, False, True), (5, 4, False, False)]
    tied = rules.shortlist([(1, 95), (2, 90), (3, 90)], 2)
    assert [r.tied_at_cut for r in tied] == [False, True, True]


@given(st.dictionaries(st.integers(1, 500), points, max_size=30), st.integers(0, 40))
def test_shortlist_takes_the_quota_of_the_best_deterministically(scores, quota):
    items = list(scores.items())
    out = rules.shortlist(items, quota)
    assert out == rules.shortlist(list(reversed(items)), quota)
    chosen = [r for r in out if r.shortlisted]
    assert len(chosen) == min(quota, len(items))
    if chosen and len(chosen) < len(out):
        assert min(r.score for r in chosen) >= max(r.score for r in out if not r.shortlisted)
    assert [r.rank for r in out] == sorted(r.rank for r in out)


def test_quota_refusal():
    assert rules.quota_refusal(unit_count=1, zone_count=0, per_unit=2, per_zone=None) is None
    assert "本单位" in rules.quota_refusal(unit_count=2, zone_count=0, per_unit=2, per_zone=None)
    assert "协作区" in rules.quota_refusal(unit_count=0, zone_count=5, per_unit=None, per_zone=5)


@given(st.integers(0, 50), st.integers(0, 50), st.integers(1, 10) | st.none(), st.integers(1, 10) | st.none())
def test_a_nomination_is_refused_exactly_when_a_quota_is_full(unit_count, zone_count, per_unit, per_zone):
    full = (per_unit is not None and unit_count >= per_unit) or (per_zone is not None and zone_count >= per_zone)
    assert (rules.quota_refusal(unit_count=unit_count, zone_count=zone_count, per_unit=per_unit,
                                per_zone=per_zone) is not None) == full


def test_notice_end_counts_working_days():
    assert rules.notice_end(date(2026, 12, 14), 5) == date(2026, 12, 18)    # Monday -> Friday
    assert rules.notice_end(date(2026, 12, 16), 5) == date(2026, 12, 22)    # Wednesday -> next Tuesday
    assert rules.notice_end(date(2026, 12, 19), 1) == date(2026, 12, 21)    # Saturday -> Monday
    with pytest.raises(ValueError):
        rules.notice_end(date(2026, 12, 14), 0)


@given(days, st.integers(1, 30))
def test_a_notice_holds_exactly_its_working_days(start, n):
    end = rules.notice_end(start, n)
    span = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    assert sum(rules.is_working_day(d) for d in span) == n
    assert rules.is_working_day(end)
    assert (end - start).days < n * 7 / 5 + 3


def test_outcome_names_the_first_failed_rule():
    assert rules.outcome([("a", None), ("b", None)]).passed
    out = rules.outcome([("a", None), ("b", "所在单位日常考核等次为一般（需较好及以上）"), ("c", "x")])
    assert (out.passed, out.failed) == (False, "b")
    assert out.message == "未通过：所在单位日常考核等次为一般（需较好及以上）"


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.none() | st.text(min_size=1, max_size=5)), max_size=8))
def test_outcome_passes_only_when_nothing_failed(checks):
    out = rules.outcome(checks)
    assert out.passed == all(not f for _c, f in checks)
    if not out.passed:
        assert out.failed == next(c for c, f in checks if f)


def test_grade_at_least():
    order = ("good", "fairly_good", "average", "poor")
    assert rules.grade_at_least("good", "fairly_good", order)
    assert rules.grade_at_least("fairly_good", "fairly_good", order)
    assert not rules.grade_at_least("average", "fairly_good", order)
    assert not rules.grade_at_least("", "fairly_good", order)
