"""manage.py overview: registry counts, in Chinese or as JSON."""
import json
from io import StringIO

import pytest
from django.core.management import call_command

from dangjian.orgs.models import Member, OrgType
from dangjian.orgs.services import org_update

from .factories import add_members


def overview(*args):
    out = StringIO()
    call_command("overview", *args, stdout=out)
    return out.getvalue()


def test_json_has_exactly_the_agreed_keys(reg):
    data = json.loads(overview("--json"))
    assert list(data) == ["zones", "units", "county_committees", "party_orgs", "branches", "members",
                          "records", "records_by_kind", "rule_compliance_last_year", "assessment", "three_ones",
                          "brands", "challenges", "rectifications",
                          "selections"]
    assert data["selections"] == {}
    assert set(data["party_orgs"]) == set(OrgType.values)
    assert data["assessment"] == {"schemes": [], "ledger_by_department": {"组织部": 0}, "grades": {}}
    assert data["three_ones"] == {"not_started": 0, "in_progress": 0, "done": 0, "shelved": 0}
    assert data["brands"] == 0
    assert data["challenges"] == {"published": 0, "closed": 0, "appointed": 0, "in_progress": 0, "accepted": 0,
                                  "failed": 0}
    assert data["rectifications"] == {"open": 0, "done": 0, "verified": 0}


def test_json_and_text_report_the_three_ones_items_by_status(reg):
    from datetime import date

    from dangjian.commitments.models import Commitment
    from dangjian.commitments.services import progress_note_add
    due = date(date.today().year, 12, 31)
    items = Commitment.objects.bulk_create([
        Commitment(org=reg.branch_a1, year=due.year, kind=kind, owner=reg.members_a1[0], text="t", due_on=due)
        for kind in ("pledge", "project")])
    progress_note_add(user=None, commitment=items[0], text="完成", status="done")
    assert json.loads(overview("--json"))["three_ones"] == {"not_started": 1, "in_progress": 0, "done": 1, "shelved": 0}
    assert "书记“三个一清单”：未开始 1 项，推进中 0 项，已完成 1 项，已搁置 0 项" in overview()


def test_json_counts_brands_and_open_challenges_by_status(reg):
    from datetime import date, timedelta

    from dangjian.brands.models import Brand
    from dangjian.challenges.models import ChallengeProject

    Brand.objects.create(unit=reg.unit_a, name="五彩", meaning="m")
    Brand.objects.create(org=reg.branch_a1, name="红帆", meaning="m")
    today = date.today()
    for apply_by, starts_on, decided in [(today + timedelta(5), today + timedelta(30), "published"),
                                         (today - timedelta(5), today + timedelta(30), "published"),
                                         (today - timedelta(50), today - timedelta(20), "appointed"),
                                         (today - timedelta(50), today + timedelta(20), "appointed"),
                                         (today - timedelta(90), today - timedelta(60), "accepted")]:
        ChallengeProject.objects.create(title="t", description="d", apply_by=apply_by, starts_on=starts_on,
                                        decided=decided)
    data = json.loads(overview("--json"))
    assert data["brands"] == 2
    assert data["challenges"] == {"published": 1, "closed": 1, "appointed": 1, "in_progress": 1, "accepted": 1,
                                  "failed": 0}
    text = overview()
    assert "党建品牌：2 个" in text and "报名已截止 1 个" in text and "实施中 1 个" in text


def test_json_reports_records_by_kind_and_last_years_rule_shares(reg):
    from datetime import date

    from dangjian.records.models import Activity, ActivityKind
    kind = ActivityKind.objects.get(code="theme_day")
    last = date.today().year - 1
    Activity.objects.bulk_create([Activity(org=reg.branch_a1, kind=kind, held_on=date(last, m, 3), topic="t")
                                  for m in range(1, 13)])
    data = json.loads(overview("--json"))
    assert data["records"] == 12 and data["records_by_kind"] == {"theme_day": 12}
    theme = data["rule_compliance_last_year"]["theme_day/branches/month"]
    assert theme == {"met": 1, "applicable": 3, "share": round(1 / 3, 4)}


def test_json_counts_the_registry(reg):
    data = json.loads(overview("--json"))
    assert data["zones"] == 2 and data["units"] == 2 and data["county_committees"] == 0
    assert data["party_orgs"] == {"organ_committee": 2, "general_branch": 0, "branch": 3,
                                  "joint_branch": 0, "temporary_branch": 0}
    assert data["branches"] == 3
    assert data["members"] == 9


def test_members_who_left_and_dissolved_orgs_are_not_counted(reg):
    Member.objects.filter(pk=reg.members_b1[0].pk).update(left_on=reg.members_b1[0].joined_on)
    org_update(user=reg.committee, org=reg.branch_a2, dissolved=True)
    data = json.loads(overview("--json"))
    assert data["members"] == 8
    assert data["branches"] == 2 and data["party_orgs"]["branch"] == 2


def test_human_output_is_chinese_and_splits_full_and_probationary(reg):
    add_members(reg.branch_a2, 2, status="probationary")
    text = overview()
    assert "党建协作区：2 个" in text
    assert "市直单位：2 个" in text
    assert "党支部 3 个" in text
    assert "党员：11 名（正式党员 9 名，预备党员 2 名）" in text


@pytest.mark.django_db
def test_an_empty_registry_counts_zero():
    data = json.loads(overview("--json"))
    assert data["members"] == 0 and data["branches"] == 0 and sum(data["party_orgs"].values()) == 0
