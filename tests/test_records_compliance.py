from datetime import date

from dangjian.orgs.models import PartyOrg
from dangjian.records import compliance
from dangjian.records.models import Activity, ActivityKind

from .factories import add_members, make_user


def bulk_records(org, code, days):
    kind = ActivityKind.objects.get(code=code)
    Activity.objects.bulk_create([Activity(org=org, kind=kind, held_on=d, topic="t") for d in days])


def monthly(year, skip=()):
    return [date(year, m, 15) for m in range(1, 13) if m not in skip]


def result_for(results, code, applies_to="branches"):
    return next(r for r in results if r.rule.kind.code == code and r.rule.applies_to == applies_to)


def test_year_compliance_counts_periods_met(reg):
    bulk_records(reg.branch_a1, "theme_day", monthly(2025))
    bulk_records(reg.branch_a2, "theme_day", monthly(2025, skip=(7,)))
    bulk_records(reg.branch_b1, "theme_day", monthly(2025) + monthly(2025))   # twice a month: still met
    results, rows, misses = compliance.year_compliance(PartyOrg.objects.all(), 2025, today=date(2026, 3, 1))
    theme = result_for(results, "theme_day")
    assert theme.applicable == 3
    assert theme.met_org_ids == {reg.branch_a1.id, reg.branch_b1.id}
    assert theme.rule in misses[reg.branch_a2.id]


def test_committee_meetings_only_count_for_branches_with_a_committee(reg):
    results, *_ = compliance.year_compliance(PartyOrg.objects.all(), 2025, today=date(2026, 3, 1))
    assert result_for(results, "committee_meeting", "committee").applicable == 1   # only branch_a1


def test_the_secretary_lecture_rule_applies_to_organ_committees(reg):
    bulk_records(reg.oc_a, "party_lecture", [date(2025, 6, 1)])
    results, *_ = compliance.year_compliance(PartyOrg.objects.all(), 2025, today=date(2026, 3, 1))
    rule = result_for(results, "party_lecture", "committees")
    assert rule.applicable == 2 and rule.met_org_ids == {reg.oc_a.id}


def test_current_items_and_reminders(reg):
    bulk_records(reg.branch_a1, "theme_day", [date(2026, 11, 3)])
    items, _ = compliance.current_items(PartyOrg.objects.all(), today=date(2026, 11, 24))
    a1 = {(i.rule.kind.code, i.rule.applies_to): i for i in items if i.org_id == reg.branch_a1.id}
    assert a1[("theme_day", "branches")].done == 1 and not a1[("theme_day", "branches")].remind
    a2 = {(i.rule.kind.code, i.rule.applies_to): i for i in items if i.org_id == reg.branch_a2.id}
    assert a2[("theme_day", "branches")].remind                # 6 days before month end, lead 7
    assert a2[("theme_day", "branches")].deadline == date(2026, 11, 30)
    assert not a2[("members_meeting", "branches")].remind      # quarter ends 2026-12-31, lead 20


def test_compliance_queries_do_not_grow_with_data(reg, count_queries):
    run = lambda: compliance.year_compliance(PartyOrg.objects.all(), 2025, today=date(2026, 3, 1))  # noqa: E731
    small = count_queries(run)
    oc = reg.oc_a
    from dangjian.orgs.services import org_create
    for i in range(10):
        b = org_create(user=None, name=f"新支部{i}", type="branch", parent=oc)
        bulk_records(b, "theme_day", monthly(2025))
        add_members(b, 3)
    assert count_queries(run) == small


def test_demo_records_have_gaps_and_match_the_rules(reg):
    import random

    from dangjian.demo.records import seed_records
    add_members(reg.branch_a2, 25)
    n = seed_records(rng=random.Random(1), today=date(2026, 11, 24))
    assert n == Activity.objects.count() > 0
    assert not Activity.objects.filter(held_on__gt=date(2026, 11, 24)).exists()
    kinds = set(Activity.objects.values_list("kind__code", flat=True))
    assert {"theme_day", "members_meeting", "party_lecture"} <= kinds
    again = seed_records(rng=random.Random(1), today=date(2026, 11, 24), orgs=PartyOrg.objects.none())
    assert again == 0
