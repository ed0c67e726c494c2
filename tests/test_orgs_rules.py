from datetime import date

from dangjian.orgs import rules
from dangjian.orgs.selectors import attach_warnings, branches_with_warnings, orgs_with_counts
from dangjian.orgs.models import PartyOrg

from .factories import add_members


def test_branch_rules():
    assert rules.branch_warnings(full_members=2, total_members=2, has_committee=False) == ["正式党员不足 3 人"]
    assert rules.branch_warnings(full_members=3, total_members=6, has_committee=False) == []
    assert rules.branch_warnings(full_members=7, total_members=7, has_committee=False) == ["正式党员 7 人以上，应设支部委员会"]
    # the regulations count full members: 6 full and 2 probationary need no committee yet
    assert rules.branch_warnings(full_members=6, total_members=8, has_committee=False) == []
    assert rules.branch_warnings(full_members=7, total_members=7, has_committee=True) == []
    assert len(rules.branch_warnings(full_members=51, total_members=51, has_committee=True)) == 1


def test_default_term_end():
    assert rules.default_term_end("branch", date(2024, 3, 1)) == date(2027, 2, 28)
    assert rules.default_term_end("organ_committee", date(2024, 2, 29)) == date(2029, 2, 27)


def test_term_reminders_90_and_30_days_ahead():
    today = date(2026, 1, 1)
    assert rules.term_reminder(date(2026, 6, 1), today) is None
    assert rules.term_reminder(date(2026, 3, 15), today) == "90"
    assert rules.term_reminder(date(2026, 1, 20), today) == "30"
    assert rules.term_reminder(date(2025, 12, 31), today) == "overdue"
    assert rules.term_reminder(None, today) is None


def test_warnings_found_in_the_database_match_the_pure_rules(reg):
    add_members(reg.branch_a2, 2)
    flagged = set(branches_with_warnings(PartyOrg.objects.all()).values_list("id", flat=True))
    annotated = attach_warnings(list(orgs_with_counts(PartyOrg.objects.branches())))
    by_rules = {o.id for o in annotated if o.warnings}
    assert flagged == by_rules
    assert reg.branch_a2.id in flagged and reg.branch_a1.id not in flagged
