"""Pure rules of committee-run study."""
from datetime import date

from dangjian.study import rules


def test_a_booking_fits_up_to_capacity_exactly():
    assert rules.fits(capacity=50, booked=30, headcount=20)
    assert not rules.fits(capacity=50, booked=30, headcount=21)
    assert not rules.fits(capacity=50, booked=0, headcount=0)


def test_remaining_places_never_negative():
    assert rules.remaining_places(capacity=10, booked=4) == 6
    assert rules.remaining_places(capacity=10, booked=12) == 0


def test_spread_dates_uses_working_days_within_range():
    days = rules.spread_dates(10, date(2025, 3, 1), date(2025, 11, 30))
    assert len(days) == 10
    assert days == sorted(days)
    assert days[0] == date(2025, 3, 3)          # 1 March 2025 is a Saturday
    assert days[-1] <= date(2025, 11, 30)
    assert all(d.weekday() < 5 for d in days)


def test_spread_dates_edge_cases():
    assert rules.spread_dates(0, date(2025, 1, 1), date(2025, 1, 31)) == []
    assert len(rules.spread_dates(1, date(2025, 1, 6), date(2025, 1, 10))) == 1
    # more units than working days: dates repeat rather than fail
    assert len(rules.spread_dates(20, date(2025, 1, 6), date(2025, 1, 10))) == 20


def test_coverage_share_of_empty_registry_is_zero():
    assert rules.coverage_share(0, 0) == 0.0
    assert rules.coverage_share(3, 4) == 0.75


def test_enrolment_open_until_capacity():
    assert rules.enrolment_open(capacity=2, enrolled=1)
    assert not rules.enrolment_open(capacity=2, enrolled=2)
