"""Compliance names its evidence: the periods each org met and missed, rolled up to units."""
from datetime import date

from dangjian.orgs.models import PartyOrg
from dangjian.orgs.services import org_create
from dangjian.records import compliance, selectors
from dangjian.records.models import Activity, ActivityKind, FrequencyRule

from .clock import TODAY

MEETINGS = ["members_meeting", "committee_meeting"]


def bulk_records(org, code, days):
    kind = ActivityKind.objects.get(code=code)
    Activity.objects.bulk_create([Activity(org=org, kind=kind, held_on=d, topic="t") for d in days])


def months(year, skip=(), upto=12):
    return [date(year, m, 10) for m in range(1, upto + 1) if m not in skip]


def quarters(year, skip=()):
    return [date(year, 3 * q - 1, 5) for q in range(1, 5) if q not in skip]


def rule_of(results, code, applies_to):
    return next(r for r in results if r.rule.kind.code == code and r.rule.applies_to == applies_to)


def test_each_rule_names_the_periods_each_org_missed(reg):
    bulk_records(reg.branch_a1, "committee_meeting", months(2026, skip=(3, 7)))
    bulk_records(reg.branch_a2, "members_meeting", quarters(2026, skip=(2,)))
    results, _rows, misses = compliance.year_compliance(PartyOrg.objects.all(), 2026, today=date(2026, 12, 16))
    committee = rule_of(results, "committee_meeting", "committee")
    assert committee.periods == tuple(date(2026, m, 1) for m in range(1, 12))     # December has not ended
    assert committee.missed == {reg.branch_a1.id: (date(2026, 3, 1), date(2026, 7, 1))}
    assert date(2026, 3, 1) not in committee.met_periods(reg.branch_a1.id)
    assert len(committee.met_periods(reg.branch_a1.id)) == 9
    members = rule_of(results, "members_meeting", "branches")
    assert members.periods == (date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1))
    assert members.missed[reg.branch_a2.id] == (date(2026, 4, 1),)
    assert members.missed[reg.branch_b1.id] == members.periods          # nothing recorded: every quarter
    assert committee.rule in misses[reg.branch_a1.id]


def test_a_period_not_yet_ended_does_not_make_up_for_one_missed(reg):
    """Eleven months recorded, March missed but December (not over) kept: not met."""
    bulk_records(reg.branch_a1, "committee_meeting", months(2026, skip=(3,)))
    results, *_ = compliance.year_compliance(PartyOrg.objects.all(), 2026, today=date(2026, 12, 16))
    committee = rule_of(results, "committee_meeting", "committee")
    assert committee.met == 0 and committee.missed == {reg.branch_a1.id: (date(2026, 3, 1),)}


def test_a_rule_asking_twice_a_period_counts_periods_with_two(reg):
    rule = FrequencyRule.objects.get(kind__code="theme_day", applies_to="branches")
    FrequencyRule.objects.filter(pk=rule.pk).update(min_count=2)
    bulk_records(reg.branch_a1, "theme_day", months(2026, upto=11) + months(2026, skip=(5,), upto=11))
    results, *_ = compliance.year_compliance(PartyOrg.objects.filter(pk=reg.branch_a1.pk), 2026,
                                             today=date(2026, 12, 16))
    assert rule_of(results, "theme_day", "branches").missed == {reg.branch_a1.id: (date(2026, 5, 1),)}


def test_units_roll_up_applicable_met_and_the_missed_periods_by_org(reg):
    bulk_records(reg.branch_a1, "committee_meeting", months(2026, skip=(3, 7)))
    bulk_records(reg.branch_a1, "members_meeting", quarters(2026))
    bulk_records(reg.branch_a2, "members_meeting", quarters(2026, skip=(2,)))
    out = selectors.unit_compliance(2026, unit_ids=[reg.unit_a.id, reg.unit_b.id], today=date(2026, 12, 16),
                                    kinds=MEETINGS)
    a_members, a_committee = out[reg.unit_a.id]
    assert (a_members.rule.kind.code, a_members.applicable, a_members.met) == ("members_meeting", 2, 1)
    assert a_members.missed == [selectors.OrgMiss(reg.branch_a2.id, "发改委第二党支部", (date(2026, 4, 1),))]
    assert (a_members.periods_due, a_members.periods_met) == (6, 5)
    assert (a_committee.applicable, a_committee.met, a_committee.periods_due, a_committee.periods_met) == (1, 0, 11, 9)
    assert selectors.missed_lines(out[reg.unit_a.id]) == [
        "发改委第一党支部：3月、7月支委会未召开",
        "发改委第二党支部：二季度支部党员大会未召开",
    ]
    b_members, b_committee = out[reg.unit_b.id]
    assert b_committee.applicable == 0 and b_committee.periods_due == 0       # no branch with a committee
    assert selectors.missed_lines(out[reg.unit_b.id]) == ["财政局第一党支部：一季度、二季度、三季度支部党员大会未召开"]


def test_one_line_an_org_joins_the_rules_it_missed(reg):
    bulk_records(reg.branch_a1, "members_meeting", quarters(2026, skip=(1,)))
    bulk_records(reg.branch_a1, "committee_meeting", months(2026, skip=(2,)))
    out = selectors.unit_compliance(2026, unit_ids=[reg.unit_a.id], today=date(2026, 12, 16), kinds=MEETINGS)
    assert selectors.missed_lines(out[reg.unit_a.id])[0] == "发改委第一党支部：一季度支部党员大会未召开；2月支委会未召开"


def test_the_scope_of_a_rule_can_be_asked_alone(reg):
    bulk_records(reg.oc_a, "party_lecture", [date(2026, 6, 1)])
    out = selectors.unit_compliance(2026, unit_ids=[reg.unit_a.id, reg.unit_b.id], today=date(2027, 1, 5),
                                    kinds=["party_lecture"], applies_to="committees")
    assert [(r.applicable, r.met) for r in out[reg.unit_a.id]] == [(1, 1)]
    assert selectors.missed_lines(out[reg.unit_b.id]) == ["市财政局机关党委：2026年党课未开展"]


def test_a_unit_with_no_org_and_no_rule_gives_empty_lines(reg):
    assert selectors.unit_compliance(2026, unit_ids=[], today=TODAY) == {}
    out = selectors.unit_compliance(2026, unit_ids=[reg.unit_a.id], today=TODAY, kinds=["no_such_kind"])
    assert out == {reg.unit_a.id: []}


def test_the_roll_up_takes_the_same_queries_whatever_the_number_of_orgs(reg, count_queries):
    def run():
        return selectors.unit_compliance(2026, unit_ids=[reg.unit_a.id, reg.unit_b.id], today=TODAY, kinds=MEETINGS)
    small = count_queries(run)
    assert small == 4          # the rules, the orgs, one per (kind, period, count)
    for i in range(8):
        b = org_create(user=None, name=f"新支部{i}", type="branch", parent=reg.oc_b, has_committee=True)
        bulk_records(b, "committee_meeting", months(2026, skip=(i + 1,)))
    assert count_queries(run) == small
    assert len(run()[reg.unit_b.id][1].missed) == 8


def test_demo_discipline_education_has_its_three_parts_and_gaps(reg):
    import random

    from dangjian.demo.records import seed_records
    seed_records(rng=random.Random(3), today=date(2026, 11, 24))
    rows = Activity.objects.filter(kind__code="discipline_education")
    assert rows.exists() and not rows.exclude(org__type="branch").exists()
    assert all(r.topic.startswith("通报") and "学习" in r.summary and "交流心得" in r.summary for r in rows)
    out = selectors.unit_compliance(2026, unit_ids=[reg.unit_a.id, reg.unit_b.id], today=date(2026, 11, 24),
                                    kinds=["discipline_education"])
    lines = [line for unit in out.values() for line in unit]
    assert sum(line.periods_due for line in lines) > sum(line.periods_met for line in lines) > 0
