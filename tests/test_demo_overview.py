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
                          "records", "records_by_kind", "rule_compliance_last_year", "assessment", "selections"]
    assert data["selections"] == {}
    assert set(data["party_orgs"]) == set(OrgType.values)
    assert data["assessment"] == {"schemes": [], "ledger_by_department": {"组织部": 0}, "grades": {}}


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
