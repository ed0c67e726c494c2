"""The pure rules of an open challenge: status from decisions and the calendar, what may happen
in each status, and the dates a project and its milestones may have. Plus: the SQL status used
by lists and counts agrees with the pure rule."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.challenges import rules
from dangjian.challenges.models import ChallengeProject
from dangjian.challenges.selectors import challenges_by_status, status_case

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
EVENTS = st.sampled_from([rules.APPLY, rules.APPOINT, rules.MILESTONE, rules.REVIEW])


@given(decided=st.sampled_from(rules.DECIDED), apply_by=DAYS, gap=st.integers(1, 400), today=DAYS)
def test_the_status_reads_the_calendar_only_where_nobody_decided(decided, apply_by, gap, today):
    starts_on = apply_by + timedelta(days=gap)
    status = rules.current_status(decided=decided, apply_by=apply_by, starts_on=starts_on, today=today)
    assert status in rules.STATUSES
    if decided == rules.PUBLISHED:
        assert status == (rules.PUBLISHED if today <= apply_by else rules.CLOSED)
    elif decided == rules.APPOINTED:
        assert status == (rules.IN_PROGRESS if today >= starts_on else rules.APPOINTED)
    else:
        assert status == decided


@given(apply_by=DAYS, today=DAYS)
def test_nobody_applies_after_the_deadline_and_the_lead_is_appointed_only_after_it(apply_by, today):
    status = rules.current_status(decided=rules.PUBLISHED, apply_by=apply_by, starts_on=apply_by + timedelta(30),
                                  today=today)
    assert (rules.event_error(rules.APPLY, status) is None) == (today <= apply_by)
    assert (rules.event_error(rules.APPOINT, status) is None) == (today > apply_by)


@given(event=EVENTS, status=st.sampled_from(rules.STATUSES), result=st.sampled_from(rules.RESULTS))
def test_an_event_is_allowed_exactly_in_its_statuses_and_finished_projects_take_none(event, status, result):
    error = rules.event_error(event, status)
    assert (error is None) == (status in rules.ALLOWED[event])
    if status in rules.TERMINAL:
        assert error is not None and "。" in error       # a Chinese sentence, never a silent refusal
    if error:
        with pytest.raises(ValueError):
            rules.decided_after(event, status, result)
    else:
        after = rules.decided_after(event, status, result)
        assert after in rules.DECIDED
        if event == rules.APPOINT:
            assert after == rules.APPOINTED
        if event == rules.REVIEW:
            assert after == {rules.PASS: rules.ACCEPTED, rules.FAIL: rules.FAILED,
                             rules.POSTPONE: rules.APPOINTED}[result]


@given(start=DAYS, offset=st.integers(-400, 400), done=st.one_of(st.none(), st.integers(-400, 400)), today=DAYS)
def test_a_milestone_is_never_before_its_projects_start_nor_done_in_the_future(start, offset, done, today):
    due_on = start + timedelta(days=offset)
    done_on = None if done is None else start + timedelta(days=done)
    errors = rules.milestone_errors(due_on=due_on, done_on=done_on, starts_on=start, today=today)
    assert ("due_on" in errors) == (due_on < start)
    assert ("done_on" in errors) == (done_on is not None and (done_on > today or done_on < start))


@given(apply_by=DAYS, starts_on=DAYS, today=DAYS)
def test_a_project_is_published_with_a_future_deadline_and_starts_after_it(apply_by, starts_on, today):
    errors = rules.schedule_errors(apply_by=apply_by, starts_on=starts_on, today=today)
    assert ("apply_by" in errors) == (apply_by < today)
    assert ("starts_on" in errors) == (starts_on <= apply_by)


TODAY = date(2026, 12, 16)


@pytest.mark.django_db
def test_the_sql_status_agrees_with_the_rule():
    rows = []
    for decided in rules.DECIDED:
        for apply_delta in (-10, 0, 10):
            for start_delta in (-5, 0, 5):
                apply_by = TODAY + timedelta(days=apply_delta)
                starts_on = max(apply_by + timedelta(days=1), TODAY + timedelta(days=start_delta))
                rows.append(ChallengeProject(title="t", description="d", apply_by=apply_by, starts_on=starts_on,
                                             decided=decided))
    ChallengeProject.objects.bulk_create(rows)
    for p in ChallengeProject.objects.annotate(current=status_case(TODAY)):
        assert p.current == p.status(TODAY), (p.decided, p.apply_by, p.starts_on)
    counts = challenges_by_status(TODAY)
    assert list(counts) == list(rules.STATUSES) and sum(counts.values()) == len(rows)
    expected = {}
    for p in ChallengeProject.objects.all():
        expected[p.status(TODAY)] = expected.get(p.status(TODAY), 0) + 1
    assert {k: v for k, v in counts.items() if v} == expected
