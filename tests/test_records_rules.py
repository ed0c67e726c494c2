"""Art. 11 votes and the period arithmetic behind frequency rules."""
from datetime import date

import pytest

from dangjian.records.rules import (
    period_end, period_start, periods_between, reminder_due, rule_applies, vote_outcome,
)


@pytest.mark.parametrize("entitled, present, yes, no, abstain, quorum, passed", [
    (10, 5, 5, 0, 0, False, False),     # exactly half present: no quorum
    (10, 6, 6, 0, 0, True, True),       # more than half present, 6 of 10 entitled agree
    (10, 6, 5, 0, 1, True, False),      # 5 yes = exactly half of those entitled: fails
    (10, 10, 5, 2, 3, True, False),     # abstentions are not consent
    (10, 9, 6, 1, 2, True, True),
    (9, 5, 5, 0, 0, True, True),        # odd: 5 of 9 is more than half
    (9, 4, 4, 0, 0, False, False),
    (3, 2, 2, 0, 0, True, True),
    (1, 1, 1, 0, 0, True, True),
    (0, 0, 0, 0, 0, False, False),
])
def test_vote_outcome_follows_article_11(entitled, present, yes, no, abstain, quorum, passed):
    out = vote_outcome(entitled=entitled, present=present, yes=yes, no=no, abstain=abstain)
    assert (out.quorum, out.passed) == (quorum, passed)


def test_a_majority_of_those_present_is_not_enough():
    # 6 of 10 present, 4 agree: a majority of those present, not of those entitled
    assert vote_outcome(entitled=10, present=6, yes=4, no=2).passed is False


@pytest.mark.parametrize("kwargs", [
    {"entitled": 5, "present": 6, "yes": 1},
    {"entitled": 5, "present": 3, "yes": 3, "no": 1},
    {"entitled": 5, "present": 3, "yes": -1},
])
def test_impossible_counts_are_refused(kwargs):
    with pytest.raises(ValueError):
        vote_outcome(**kwargs)


def test_periods():
    assert period_start("quarter", date(2026, 5, 17)) == date(2026, 4, 1)
    assert period_end("quarter", date(2026, 5, 17)) == date(2026, 6, 30)
    assert period_end("month", date(2024, 2, 10)) == date(2024, 2, 29)
    assert period_end("year", date(2026, 5, 17)) == date(2026, 12, 31)
    assert len(periods_between("month", date(2025, 1, 1), date(2025, 12, 31))) == 12
    assert len(periods_between("quarter", date(2026, 1, 1), date(2026, 5, 17))) == 1
    assert periods_between("year", date(2026, 1, 1), date(2026, 11, 24)) == []


def test_reminders_come_before_the_deadline_only():
    deadline = date(2026, 12, 31)
    assert reminder_due(done=0, required=1, deadline=deadline, today=date(2026, 12, 25), lead_days=7)
    assert not reminder_due(done=0, required=1, deadline=deadline, today=date(2026, 12, 1), lead_days=7)
    assert not reminder_due(done=1, required=1, deadline=deadline, today=date(2026, 12, 25), lead_days=7)
    assert not reminder_due(done=0, required=1, deadline=deadline, today=date(2027, 1, 2), lead_days=7)


def test_rule_scope():
    assert rule_applies("branches", org_type="joint_branch", has_committee=False, group_count=0)
    assert not rule_applies("committee", org_type="branch", has_committee=False, group_count=0)
    assert rule_applies("groups", org_type="branch", has_committee=False, group_count=2)
    assert rule_applies("committees", org_type="organ_committee", has_committee=False, group_count=0)
    assert not rule_applies("branches", org_type="organ_committee", has_committee=False, group_count=0)
