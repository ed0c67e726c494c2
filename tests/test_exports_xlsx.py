"""The committee's workbooks beside their pages: the gaps, the sit-in coverage and the division
tables. Each opens with openpyxl, has Chinese headers, holds its page's rows, keeps a formula
as text and writes an audit entry; outsiders get 403 or only their own rows."""
import io
import re

from openpyxl import load_workbook

from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import OrgType, Unit
from dangjian.orgs.services import org_create
from dangjian.study import services as study_services

from .test_study_helpers import YESTERDAY, all_met

GAPS, GAPS_XLSX = "/records/gaps/", "/records/gaps/export.xlsx"
COVERAGE, COVERAGE_XLSX = "/study/sit-ins/coverage/", "/study/sit-ins/coverage/export.xlsx"
FORMULA = "=HYPERLINK(\"http://x\")"


def book(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def table(ws, first_header):
    """(header, rows) of a sheet whose header row starts with ``first_header``."""
    values = list(ws.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(values) if row[0] == first_header)
    return values[at], values[at + 1:]


# ---- the gaps -----------------------------------------------------------------------------

def test_the_gaps_workbook_holds_the_pages_items_and_totals(login, reg):
    org_create(user=None, name=FORMULA + "支部", type=OrgType.BRANCH, parent=reg.oc_a)
    client = login(reg.unit_admin)
    html = client.get(GAPS).content.decode()
    assert 'href="/records/gaps/export.xlsx"' in html
    wb = book(client.get(GAPS_XLSX))
    header, rows = table(wb["待开展事项"], "党组织")
    assert header == ("党组织", "事项", "截止", "临近截止")
    page = re.findall(r'<tr><td><a href="/records/org/\d+/due/">(.*?)</a></td>\s*<td>(.*?)(?: <span|</td>)', html)
    assert len(rows) == len(page) == int(re.search(r"待开展 (\d+) 项", html).group(1)) > 0
    for (org, kind, _deadline, _remind), (page_org, page_kind) in zip(rows, page):
        assert (org.lstrip("'"), kind) == (page_org.replace("&quot;", '"'), page_kind)
    assert f"'{FORMULA}支部" in [r[0] for r in rows]                 # a formula stays text
    assert "财政局第一党支部" not in [r[0] for r in rows]               # another unit's branch is not here
    header, totals = table(wb["本期完成情况"], "事项")
    assert header == ("事项", "周期", "已开展", "应开展") and len(totals) == html.count("）</td><td>") > 0
    entry = AuditEntry.objects.get(action="records.export", object_type="gaps")
    assert entry.user == reg.unit_admin and entry.changes["rows"] == len(rows)


def test_the_gaps_workbook_of_one_unit_and_of_an_outsider(login, reg):
    rows = table(book(login(reg.committee).get(GAPS_XLSX + f"?unit={reg.unit_b.pk}"))["待开展事项"], "党组织")[1]
    assert {r[0] for r in rows} == {"市财政局机关党委", "财政局第一党支部"}
    rows = table(book(login(reg.outsider).get(GAPS_XLSX + f"?unit={reg.unit_a.pk}"))["待开展事项"], "党组织")[1]
    assert rows == []                                   # unit A's branches do not exist for the outsider
    assert login(reg.auditor).get(GAPS_XLSX).status_code == 403
    assert AuditEntry.objects.filter(action="records.export").count() == 2


# ---- the sit-in coverage ------------------------------------------------------------------

def test_the_coverage_workbook_holds_the_pages_tables(login, reg):
    Unit.objects.create(name=FORMULA + "局", category=reg.category, zone=reg.zone_b)
    done = study_services.sit_in_create(user=reg.committee, unit=reg.unit_a, planned_on=YESTERDAY)
    study_services.sit_in_complete(user=reg.committee, sit_in=done, held_on=YESTERDAY, results=all_met())
    study_services.sit_in_create(user=reg.committee, unit=reg.unit_b, planned_on=YESTERDAY)
    client = login(reg.committee)
    year = YESTERDAY.year
    html = client.get(COVERAGE + f"?year={year}").content.decode()
    assert f'href="/study/sit-ins/coverage/export.xlsx?year={year}"' in html
    wb = book(client.get(COVERAGE_XLSX + f"?year={year}"))
    header, zones = table(wb["按协作区"], "协作区")
    assert header == ("协作区", "已覆盖", "单位数")
    assert [f"<tr><td>{z}</td><td>{c} / {t}</td></tr>" in html for z, c, t in zones] == [True] * len(zones)
    assert sorted(zones) == [("第一协作区", 1, 1), ("第二协作区", 0, 2)]
    header, uncovered = table(wb["尚未覆盖的单位"], "单位")
    assert header == ("单位", "协作区", "安排")
    assert sorted(uncovered) == [("'" + FORMULA + "局", "第二协作区", "未安排"), ("市财政局", "第二协作区", "已安排，待列席")]
    assert AuditEntry.objects.get(action="study.export").changes == {
        "what": "coverage", "year": year, "rows": 2, "zones": 2}


def test_the_coverage_workbook_keeps_outsiders_out_and_refuses_a_bad_year(login, reg):
    for who in (reg.unit_admin, reg.zone_lead, reg.outsider):
        assert login(who).get(COVERAGE_XLSX).status_code == 403
    response = login(reg.committee).get(COVERAGE_XLSX + "?year=abc")
    assert response.status_code == 400 and "年度不正确" in response.content.decode()
    assert not AuditEntry.objects.filter(action="study.export").exists()
