"""manage.py seed_demo: deterministic, refuses to overwrite, accounts that sign in, encrypted IDs."""
import json
from collections import Counter
import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import HttpRequest

from dangjian.accounts.models import Department, Membership, Role, User
from dangjian.assessment.models import LedgerEntry
from dangjian.audit.models import AuditEntry
from dangjian.commitments.models import Commitment, ProgressNote
from dangjian.brands.models import Brand, BrandCase, Honour
from dangjian.challenges.models import Application, ChallengeProject
from dangjian.challenges.selectors import challenges_by_status
from dangjian.demo import data
from dangjian.demo.people import id_number_valid
from dangjian.orgs.models import BRANCH_TYPES, Member, PartyOrg, Unit, Zone
from dangjian.orgs.rules import term_reminder
from dangjian.orgs.selectors import orgs_with_counts
from dangjian.rectification.models import Problem, Transition

TODAY = date(2026, 11, 24)
ACCOUNTS = ["admin", "security", "auditor", "gongwei"] + [f"dept{i}" for i in range(1, 9)] + [
    "zone1", "unit1", "branch1", "member1"]


def seed(*args):
    out = StringIO()
    call_command("seed_demo", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "zones": list(Zone.objects.order_by("id").values_list("name", "lead_unit__name")),
        "units": list(Unit.objects.order_by("id").values_list("name", "category__name", "zone__name")),
        "orgs": list(PartyOrg.objects.order_by("id").values_list(
            "name", "type", "depth", "parent__name", "term_end", "has_committee", "secretary_name")),
        "members": list(Member.objects.order_by("id").values_list(
            "name", "gender", "birth_date", "status", "joined_on", "full_on", "branch__name",
            "id_number_hash", "id_number_masked", "phone_masked", "post")),
        "three_ones": list(Commitment.objects.order_by("id").values_list(
            "org__name", "kind", "owner__name", "text", "status", "due_on", "completed_on", "contact_branch__name")),
        "ledger": list(LedgerEntry.objects.order_by("id").values_list(
            "scheme__kind", "indicator__code", "body__unit__name", "body__county_committee__name", "points",
            "case_ref", "occurred_on", "created_at", "reverses__case_ref")),
        "brands": list(Brand.objects.order_by("id").values_list("unit__name", "org__name", "name", "history")),
        "brand_cases": list(BrandCase.objects.order_by("id").values_list("brand__name", "title", "year")),
        "honours": list(Honour.objects.order_by("id").values_list("brand__name", "title", "awarded_on")),
        "challenges": list(ChallengeProject.objects.order_by("id").values_list(
            "title", "decided", "lead_unit__name", "apply_by", "starts_on")),
        "applications": list(Application.objects.order_by("id").values_list("project__title", "unit__name")),
        "rectifications": list(Problem.objects.order_by("id").values_list(
            "unit__name", "department__name", "source", "entry__case_ref", "raised_on", "deadline", "status")),
        "rectification_history": list(Transition.objects.order_by("id").values_list(
            "problem__description", "action", "status", "by__username", "at")),
    }


@pytest.mark.django_db
def test_same_seed_gives_the_same_registry_and_another_seed_a_different_one():
    seed("--scale", "tiny", "--seed", "7")
    first = snapshot()
    seed("--scale", "tiny", "--seed", "7", "--reset")
    assert snapshot() == first
    seed("--scale", "tiny", "--seed", "8", "--reset")
    other = snapshot()
    assert len(other["members"]) == len(first["members"]) == 300
    assert [m[0] for m in other["members"]] != [m[0] for m in first["members"]]


@pytest.mark.django_db
def test_tiny_scale_builds_every_kind_of_org():
    seed("--scale", "tiny")
    types = set(PartyOrg.objects.values_list("type", flat=True))
    assert types == {"organ_committee", "general_branch", "branch", "joint_branch", "temporary_branch"}
    assert PartyOrg.objects.filter(type__in=BRANCH_TYPES).count() == 20
    for org in PartyOrg.objects.select_related("parent"):
        expected = (org.parent.path if org.parent else "/") + f"{org.pk}/"
        assert org.path == expected
        assert org.depth == expected.count("/") - 2
    joint = PartyOrg.objects.get(type="joint_branch")
    assert 2 <= joint.covered_units.count() <= 5
    assert not Member.objects.exclude(branch__type__in=BRANCH_TYPES).exists()
    assert Member.objects.filter(status="probationary", full_on__isnull=False).count() == 0
    assert Member.objects.filter(status="full", full_on__isnull=True).count() == 0


@pytest.mark.django_db
def test_each_account_signs_in_with_the_printed_password(client):
    out = seed("--scale", "tiny", "--password", "Demo#pass2026")
    password = re.search(r"密码均为 (\S+)）", out).group(1)
    assert password == "Demo#pass2026"
    printed = re.findall(r"^  (\S+) ", out, re.M)
    assert printed == ACCOUNTS
    for username in ACCOUNTS:
        # sign-in is throttled by client address, so authenticate() needs a request
        assert client.login(request=HttpRequest(), username=username, password=password), username
        client.logout()
    assert not client.login(request=HttpRequest(), username="gongwei", password="Dangjian#2024")


@pytest.mark.django_db
def test_accounts_hold_the_roles_of_their_personas():
    seed("--scale", "tiny")
    roles = {m.user.username: m for m in Membership.objects.select_related("user", "org", "zone", "department")}
    experts = {f"expert{i}" for i in range(1, 6)}          # the selection rounds' outside experts
    assert {roles[e].role for e in experts} == {Role.EXPERT_REVIEWER}
    assert set(roles) - experts == set(ACCOUNTS)
    assert roles["admin"].role == Role.SYSTEM_ADMIN
    assert roles["security"].role == Role.SECURITY_ADMIN
    assert roles["auditor"].role == Role.AUDIT_ADMIN
    assert roles["gongwei"].role == Role.COMMITTEE_ADMIN
    assert {roles[f"dept{i}"].department.name for i in range(1, 9)} == set(
        Department.objects.values_list("name", flat=True))
    assert Department.objects.count() == 8
    unit_org = roles["unit1"].org
    assert roles["unit1"].role == Role.UNIT_ADMIN and unit_org.type == "organ_committee"
    assert roles["zone1"].zone.lead_unit == unit_org.unit
    branch = roles["branch1"].org
    assert branch.type == "branch" and branch.path.startswith(unit_org.path)
    assert roles["member1"].org == branch
    member = User.objects.get(username="member1").member
    assert member.branch == branch


@pytest.mark.django_db
def test_it_refuses_to_seed_over_an_existing_registry(reg):
    before = (Unit.objects.count(), PartyOrg.objects.count(), Member.objects.count())
    with pytest.raises(CommandError, match="已有数据.*--reset"):
        seed("--scale", "tiny")
    assert (Unit.objects.count(), PartyOrg.objects.count(), Member.objects.count()) == before
    assert "跳过" in seed("--scale", "tiny", "--if-empty")
    assert (Unit.objects.count(), PartyOrg.objects.count(), Member.objects.count()) == before


@pytest.mark.django_db
def test_reset_replaces_the_registry_and_keeps_the_audit_log_and_accounts(reg):
    audit_ids = set(AuditEntry.objects.values_list("id", flat=True))
    gongwei_id = reg.committee.pk
    seed("--scale", "tiny", "--reset")
    assert audit_ids <= set(AuditEntry.objects.values_list("id", flat=True))
    assert not Unit.objects.filter(name="市财政局").exists()
    assert Unit.objects.count() == 4 and Member.objects.count() == 300
    assert User.objects.get(username="gongwei").pk == gongwei_id
    assert User.objects.filter(username="outsider").exists()   # not a demo account: untouched
    assert not Membership.objects.filter(user__username="outsider").exists()   # its branch is gone


@pytest.mark.django_db
def test_it_refuses_when_a_demo_username_is_taken():
    User.objects.create_user(username="admin", password="Other#pass2026")
    with pytest.raises(CommandError, match="admin"):
        seed("--scale", "tiny")
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_a_weak_password_is_refused_before_anything_is_written():
    with pytest.raises(CommandError, match="密码"):
        seed("--scale", "tiny", "--password", "short")
    assert not Unit.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_id_numbers_and_phones_are_encrypted_at_rest_and_masked():
    seed("--scale", "tiny")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, id_number_enc, phone_enc, id_number_masked, phone_masked FROM orgs_member")
        rows = cursor.fetchall()
    members = Member.objects.in_bulk([r[0] for r in rows])
    for pk, id_enc, phone_enc, id_masked, phone_masked in rows:
        plain_id = members[pk].reveal_id_number()
        plain_phone = members[pk].reveal_phone()
        assert id_number_valid(plain_id)
        assert plain_id[6:14] == members[pk].birth_date.strftime("%Y%m%d")
        assert plain_id not in id_enc and plain_id[6:14] not in id_enc
        assert plain_phone not in phone_enc and id_enc.startswith("v1:")
        assert re.fullmatch(r"\d{3}\*{11}[\dX]{4}", id_masked)
        assert id_masked[:3] == plain_id[:3] and id_masked[-4:] == plain_id[-4:]
        assert re.fullmatch(r"1\d{2}\*{4}\d{4}", phone_masked)
    assert Member.objects.values("id_number_hash").distinct().count() == len(rows)


@pytest.mark.slow
@pytest.mark.django_db
def test_city_scale_matches_the_seed_article():
    # about 15 s on SQLite (records and study are seeded too), so the real city runs in the suite;
    # marked slow so that it starts first and one xdist worker runs it while the other runs the rest
    out = StringIO()
    seed("--scale", "city")
    call_command("overview", "--json", stdout=out)
    counts = json.loads(out.getvalue())
    assert (counts["zones"], counts["units"], counts["county_committees"], counts["branches"]) == (6, 91, 12, 1035)
    assert counts["members"] == 25_000
    probationary = Member.objects.filter(status="probationary").count()
    assert 0.04 * 25_000 < probationary < 0.06 * 25_000
    branches = list(orgs_with_counts(PartyOrg.objects.branches()))
    assert any(b.full_count < 3 for b in branches)
    assert any(b.member_count > 50 for b in branches)
    assert any(b.member_count >= 7 and not b.has_committee for b in branches)
    assert all(2 <= b.member_count <= 60 for b in branches)
    reminders = [term_reminder(o.term_end, TODAY) for o in PartyOrg.objects.only("term_end")]
    assert {"overdue", "30", "90"} <= set(reminders)
    assert PartyOrg.objects.filter(term_end__lte=TODAY + timedelta(days=30), term_end__gte=TODAY).exists()
    check_assessment_seed(counts["assessment"])
    check_three_ones_seed(counts["three_ones"])
    check_brands_and_challenges_seed(counts)
    check_rectification_seed(counts["rectifications"])
    check_selections_seed(counts["selections"])


def check_three_ones_seed(by_status):
    """452 items (the seed article), kept by branch secretaries, a believable mix."""
    from django.db.models import Min

    from dangjian.assessment.metrics import compute
    from dangjian.commitments.rules import reminder_window

    assert sum(by_status.values()) == 452 == Commitment.objects.count()
    assert by_status["done"] > 100 and by_status["in_progress"] > 150
    assert 0 < by_status["shelved"] < by_status["not_started"] < by_status["done"]
    items = list(Commitment.objects.select_related("org", "contact_branch"))
    first = dict(Member.objects.order_by().values_list("branch_id").annotate(m=Min("id")))
    assert all(i.owner_id == first[i.org_id] and i.org.is_branch and i.year == TODAY.year for i in items)
    assert all(i.contact_branch.unit_id == i.org.unit_id != None and i.contact_branch_id != i.org_id  # noqa: E711
               for i in items if i.kind == "contact")
    lists = Counter(i.org_id for i in items)
    assert sorted(Counter(lists.values()).items()) == [(2, 1), (3, 150)]
    branch1 = Membership.objects.get(user__username="branch1").org_id
    assert lists[branch1] == 3                              # the demo secretary has a list to open
    windows = Counter(reminder_window(status=i.status, due_on=i.due_on, today=TODAY) for i in items)
    assert windows[7] > 0 and windows[30] > 0              # reminders to show
    assert any(i.status in ("not_started", "in_progress") and i.due_on < TODAY for i in items)   # a few overdue
    assert all(i.completed_on <= TODAY for i in items if i.status == "done")
    notes = ProgressNote.objects.all()
    assert notes.count() > 452 // 2 and not notes.filter(commitment__status="not_started").exists()
    assert not notes.exclude(file="").exists()               # no photo trails: files are optional
    measures = compute("three_ones", year=TODAY.year, on=TODAY, unit_ids=list(Unit.objects.values_list("id", flat=True)))
    shares = [m.share for m in measures.values() if m.share is not None]
    assert len(shares) > 40 and 0 < min(shares) < 1 and any(s == 1 for s in shares)


def check_brands_and_challenges_seed(counts):
    """One unit one feature, one branch one brand: many of each, the seed's honour, 28 cases;
    a pilot of open challenges at every stage but failure."""
    assert counts["brands"] == Brand.objects.count()
    assert Brand.objects.filter(unit__isnull=False).count() > 45
    assert Brand.objects.filter(org__isnull=False).count() > 200
    assert BrandCase.objects.count() == 28
    national = Honour.objects.get(title="首届全国机关党建优秀品牌")
    assert national.brand.name == "五彩" and national.awarded_by == "中央和国家机关工委"
    assert Honour.objects.count() >= 5
    stages = {"published": 1, "closed": 1, "appointed": 1, "in_progress": 1, "accepted": 1, "failed": 0}
    assert challenges_by_status(TODAY) == stages              # on the day it was seeded
    assert counts["challenges"] == stages                      # and still three weeks on (the suite's day)
    for p in ChallengeProject.objects.filter(lead_unit__isnull=False):
        assert p.applications.filter(unit=p.lead_unit).exists()        # the lead is one of the applicants
        assert not p.milestones.filter(due_on__lt=p.starts_on).exists()


def check_rectification_seed(overview):
    """A handful of rectifications across the statuses, some overdue, some from deductions; the
    demo unit admin's unit has its own; E4 of the daily scheme scores the overdue ones."""
    from collections import Counter
    from decimal import Decimal

    from dangjian.assessment.models import Scheme
    from dangjian.assessment.scoring import scheme_results

    problems = list(Problem.objects.select_related("entry__body"))
    assert 15 <= len(problems) <= 30
    assert overview == dict(Counter(p.status for p in problems)) and set(overview) == {"open", "done", "verified"}
    assert all(v > 0 for v in overview.values())
    overdue = [p for p in problems if p.overdue_on(TODAY)]
    assert len(overdue) >= 5
    from_ledger = [p for p in problems if p.entry_id]
    assert len(from_ledger) >= 3 and all(p.source == "assessment" and p.entry.body.unit_id == p.unit_id
                                         and p.entry.department_id == p.department_id for p in from_ledger)
    assert all(p.raised_on <= TODAY and p.deadline >= p.raised_on for p in problems)
    unit1 = User.objects.get(username="unit1").memberships.get().org.unit_id
    assert any(p.unit_id == unit1 for p in problems)
    sent_back = Transition.objects.filter(action="send_back").values_list("problem_id", flat=True)
    assert sent_back and all(p.status == "open" for p in problems if p.pk in set(sent_back))
    for p in problems:       # the history ends where the problem stands
        assert list(p.history.values_list("status", flat=True))[-1] == p.status
    late_units = Counter(p.unit_id for p in overdue)
    daily = Scheme.objects.get(kind="daily")
    e4 = {r.body.unit_id: next(line for line in r.leaves if line.indicator.code == "E4")
          for r in scheme_results(daily, on=TODAY).bodies}
    assert any(late_units.get(unit_id) for unit_id in e4)
    for unit_id, line in e4.items():     # 1 of E4's 4 points an overdue item (scaled by the division)
        maximum = line.result.maximum
        expected = max(0, maximum * (1 - Decimal(late_units.get(unit_id, 0)) / 4))
        assert line.result.points == expected and not line.result.missing, unit_id


def check_selections_seed(overview):
    """One finished round of each kind at the seed's numbers, with an answered objection and titles."""
    from dangjian.selections.models import Nomination, Objection, Round, Score, Title

    assert overview == {"brand_case": 28, "red_flag_branch": 38, "outstanding_chief": 20, "clean_experience": 12}
    assert set(Round.objects.values_list("status", flat=True)) == {"closed"}
    assert Nomination.objects.filter(winner=False).exists() and Score.objects.exists()
    assert Objection.objects.filter(answered_at__isnull=False).count() == 1
    assert Title.objects.filter(status="active").count() == 38


def check_assessment_seed(overview):
    """The demo's assessment (../shared/assessment.md), on the city seed built above."""
    from collections import Counter
    from decimal import Decimal

    from dangjian.assessment.models import (
        Appeal, AssessedBody, LedgerEntry, Scheme, Snapshot, TypicalExperience,
    )
    from dangjian.assessment.scoring import scheme_results
    from dangjian.assessment.services import scheme_problems

    schemes = {s.kind: s for s in Scheme.objects.all()}
    assert set(schemes) == {"daily", "clean_organ", "review"} and all(s.published for s in schemes.values())
    assert overview["schemes"] == [{"year": TODAY.year, "kind": k, "version": 1, "published": True}
                                   for k in ("clean_organ", "daily", "review")]
    for scheme in schemes.values():
        assert scheme_problems(scheme) == [], scheme
    daily = schemes["daily"]
    leaves = daily.indicators.filter(kind__in=["metric", "deduction", "panel"])
    assert sum(i.max_points for i in leaves) == 100 and leaves.count() == 31
    groups = {g.code: g.max_points for g in daily.indicators.filter(kind="group")}
    assert groups == {"A": 15, "B": 12, "C": 25, "D": 10, "E": 15, "F": 13, "G": 10}
    e1 = daily.indicators.get(code="E1")
    assert (e1.department.name, e1.ladder) == ("市纪委监委", {"诫勉": 1, "轻处分": 3, "重处分": 5, "移送司法": 8})
    assert {i.department.name for i in leaves.select_related("department")} == set(data.DEPARTMENTS)
    assert daily.bonus_cap == 5 and all(i.basis for i in daily.indicators.filter(kind="veto"))
    assert [d.name for d in daily.divisions.all()] == ["党群综合", "经济管理", "执法政法", "社会事业", "垂管驻市与企业"]
    clean = schemes["clean_organ"]
    assert [g.name for g in clean.indicators.filter(kind="group")] == [
        "明规守纪", "模范机关", "以廉促治", "清风惠企", "以廉润心", "品牌引领"]
    assert TypicalExperience.objects.filter(scheme=clean).count() == 12

    results = scheme_results(daily, on=TODAY)
    assert len(results.bodies) == 91 and all(r.division is not None for r in results.bodies)
    sizes = Counter(r.division.name for r in results.bodies)
    assert min(sizes.values()) >= 5
    assert set(overview["grades"]) == set(sizes)
    assert {d: sum(c.values()) for d, c in overview["grades"].items()} == dict(sizes)
    clean_bodies = scheme_results(clean, on=TODAY).bodies
    assert len(clean_bodies) == 103 == AssessedBody.objects.count()

    # the ledger: every department, once per case per department, within the rules
    live = LedgerEntry.objects.filter(reverses__isnull=True, reversed_by__isnull=True)
    assert set(overview["ledger_by_department"]) == set(data.DEPARTMENTS)
    assert overview["ledger_by_department"] == dict(Counter(live.values_list("department__name", flat=True))) | {
        d: 0 for d in data.DEPARTMENTS if d not in set(live.values_list("department__name", flat=True))}
    refs = Counter(live.exclude(case_ref="").values_list("scheme_id", "department_id", "case_ref"))
    assert refs and max(refs.values()) == 1
    assert live.filter(indicator__kind="veto").count() == 2
    assert live.filter(indicator__kind="bonus").exists() and live.filter(indicator__kind="panel").exists()
    assert all(e.points >= 0 for e in live) and live.count() > 300
    by_hand = Counter()
    for e in live.filter(scheme=daily, indicator__kind="deduction", body=results.bodies[0].body):
        by_hand[e.indicator.code] += e.points
    for line in results.bodies[0].leaves:
        if line.indicator.kind == "deduction":
            maximum = line.result.maximum
            scaled = by_hand[line.indicator.code] * maximum / line.indicator.max_points
            assert line.result.points == max(Decimal(0), maximum - scaled)

    appeals = Appeal.objects.select_related("entry", "reversal")
    assert Counter(a.state for a in appeals) == {"upheld": 1, "reversed": 2, "open": 1}
    for a in appeals:
        assert (a.reversal is not None) == (a.state == "reversed") and a.messages.exists()
        assert a.reversal is None or a.reversal.reverses_id == a.entry_id
        assert (a.opened_at - a.entry.created_at).days <= daily.appeal_days
    assert LedgerEntry.objects.filter(reverses__isnull=False).count() == 2
    snapshots = Snapshot.objects.filter(scheme=daily)
    assert [s.period for s in snapshots] == ["Q1", "Q2", "Q3"]     # TODAY is in November
    assert all(s.rows.count() == 91 for s in snapshots)


@pytest.mark.django_db
def test_tiny_scale_seeds_rectifications_and_overview_counts_them():
    seed("--scale", "tiny")
    out = StringIO()
    call_command("overview", "--json", stdout=out)
    counts = json.loads(out.getvalue())["rectifications"]
    assert set(counts) == {"open", "done", "verified"} and sum(counts.values()) == Problem.objects.count() == 24
    assert counts == {s: Problem.objects.filter(status=s).count() for s in counts}
    assert Problem.objects.filter(entry__isnull=False).count() == 6
    assert Problem.objects.overdue(TODAY).exists()
    human = StringIO()
    call_command("overview", stdout=human)
    assert f"整改中 {counts['open']} 个" in human.getvalue()
