"""The three_ones metric (G3 in the demo scheme) from the lists: done or on track by the day
scored, the misses as evidence, 缺项 for a unit with no list, one query for all units."""
from datetime import date
from fractions import Fraction

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.assessment.metrics import REGISTRY, compute, registry_errors
from dangjian.commitments.models import Commitment

ON = date(2026, 12, 16)


def add(reg, org, kind, status, due_on, completed_on=None, year=2026):
    owner = reg.members_b1[0] if org == reg.branch_b1 else reg.members_a1[0]
    return Commitment.objects.create(org=org, year=year, kind=kind, owner=owner, text="t", status=status,
                                     due_on=due_on, completed_on=completed_on,
                                     contact_branch=reg.branch_a2 if kind == "contact" else None)


def build(reg):
    add(reg, reg.branch_a1, "pledge", "done", date(2026, 12, 31), completed_on=date(2026, 11, 1))
    add(reg, reg.branch_a1, "project", "in_progress", date(2026, 6, 30))          # past its date
    add(reg, reg.branch_a1, "contact", "shelved", date(2026, 12, 31))
    add(reg, reg.oc_a, "pledge", "not_started", date(2026, 12, 31))               # open, not yet due
    add(reg, reg.oc_a, "project", "done", date(2025, 12, 31), completed_on=date(2025, 12, 1), year=2025)


def test_the_share_of_items_done_or_on_track_with_the_misses_as_evidence(reg):
    build(reg)
    out = compute("three_ones", year=2026, on=ON, unit_ids=[reg.unit_a.id, reg.unit_b.id])
    a = out[reg.unit_a.id]
    assert a.share == Fraction(2, 4)
    assert a.evidence == ("发改委第一党支部支部联系点：已搁置", "发改委第一党支部领办项目：已过完成时限未完成")
    assert out[reg.unit_b.id].share is None and out[reg.unit_b.id].evidence == ("本年度未建立书记“三个一清单”",)


def test_an_earlier_day_judges_the_items_as_they_stood(reg):
    build(reg)
    out = compute("three_ones", year=2026, on=date(2026, 6, 1), unit_ids=[reg.unit_a.id])
    # on 1 June: the pledge was not done yet but not due, the project not yet due; the shelved item misses
    assert out[reg.unit_a.id].share == Fraction(3, 4)
    last_year = compute("three_ones", year=2025, on=ON, unit_ids=[reg.unit_a.id])[reg.unit_a.id]
    assert last_year.share == 1 and last_year.evidence == ()


def test_one_query_whatever_the_number_of_units_and_items(reg):
    build(reg)
    with CaptureQueriesContext(connection) as small:
        compute("three_ones", year=2026, on=ON, unit_ids=[reg.unit_a.id])
    add(reg, reg.branch_b1, "pledge", "done", date(2026, 12, 31), completed_on=date(2026, 12, 1))
    with CaptureQueriesContext(connection) as large:
        out = compute("three_ones", year=2026, on=ON, unit_ids=[reg.unit_a.id, reg.unit_b.id])
    assert len(small.captured_queries) == len(large.captured_queries) == 1
    assert out[reg.unit_b.id].share == 1


def test_the_metric_reads_no_forbidden_basis():
    assert "three_ones" in REGISTRY and registry_errors() == []
    assert REGISTRY["three_ones"].inputs == ("commitments.status", "commitments.due_on", "commitments.completed_on")
