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


# ---- the division tables and the score ledger ---------------------------------------------

def _scheme_with_entries(reg):
    from .assessment_builder import add_discipline, body_of, build_scheme, enter
    from dangjian.assessment.services import ledger_entry_reverse

    add_discipline(reg)
    scheme, ind = build_scheme(reg)
    enter(reg.dept, ind["G1"], body_of(reg.unit_a), points="4", fact=FORMULA + "融合项目")
    wrong = enter(reg.discipline_user, ind["E1"], body_of(reg.unit_a), severity="admonition", case_ref="纪案1",
                  fact="诫勉一人")
    ledger_entry_reverse(user=reg.discipline_user, entry=wrong, reason="复核不属实")
    enter(reg.discipline_user, ind["E4"], body_of(reg.unit_b), case_ref="-巡察1", fact="整改逾期一项")
    return scheme


def test_the_division_tables_workbook_keeps_a_formula_as_text(login, reg):
    reg.unit_b.name = "+" + reg.unit_b.name
    reg.unit_b.save()
    scheme = _scheme_with_entries(reg)
    wb = book(login(reg.committee).get(f"/assessment/tables/export.xlsx?scheme={scheme.pk}"))
    header, rows = table(wb.worksheets[0], "名次")
    assert header == ("名次", "单位", "得分", "等次", "一票否决", "缺项")
    assert "'+市财政局" in [r[1] for r in rows]
    assert AuditEntry.objects.filter(action="assessment.export", user=reg.committee).exists()
    assert login(reg.outsider).get(f"/assessment/tables/export.xlsx?scheme={scheme.pk}").status_code == 403


LEDGER, LEDGER_XLSX = "/assessment/ledger/", "/assessment/ledger/export.xlsx"


def ledger_page_rows(html):
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [tuple(re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_ledger_workbook_holds_the_pages_rows(login, reg):
    scheme = _scheme_with_entries(reg)
    client = login(reg.committee)
    html = client.get(LEDGER + f"?scheme={scheme.pk}").content.decode()
    assert f'href="/assessment/ledger/export.xlsx?scheme={scheme.pk}"' in html
    assert f'href="/assessment/ledger/?scheme={scheme.pk}"' in client.get(
        f"/assessment/tables/?scheme={scheme.pk}").content.decode()
    wb = book(client.get(LEDGER_XLSX + f"?scheme={scheme.pk}"))
    header, rows = table(wb["考核台账"], "发生日期")
    assert header == ("发生日期", "考核对象", "指标", "考核部门", "分值", "情形", "事实", "案件/文号", "状态")
    page = ledger_page_rows(html)
    assert len(rows) == len(page) == 4
    for got, shown in zip(rows, page):
        assert got[0].date().isoformat() == shown[0] and got[1:4] == shown[1:4]
        assert f"{got[4]:.2f}" == shown[4] and (got[5] or "—") == shown[5]
        assert str(got[6]).lstrip("'").replace('"', "&quot;") == shown[6]
        assert (str(got[7] or "—").lstrip("'"), got[8]) == shown[7:9]
    assert sorted(r[8] for r in rows) == ["冲销", "已冲销", "有效", "有效"]
    assert f"'{FORMULA}融合项目" in [r[6] for r in rows] and "'-巡察1" in [r[7] for r in rows]
    entry = AuditEntry.objects.get(action="assessment.export", object_id=str(scheme.pk))
    assert entry.changes == {"what": "ledger", "rows": 4}


LEDGER_TEMPLATE_ROWS = """{% for e in entries %}<tr><td data-label="{% translate '发生日期' %}">{{ e.occurred_on|date:"Y-m-d" }}</td>
<td data-label="{% translate '考核对象' %}">{{ e.body }}</td><td data-label="{% translate '指标' %}">{{ e.indicator.code }} {{ e.indicator.name }}</td>
<td data-label="{% translate '考核部门' %}">{{ e.department.name }}</td><td data-label="{% translate '分值' %}">{{ e.points|pts }}</td>
<td data-label="{% translate '情形' %}">{{ e.severity_label|default:"—" }}</td><td data-label="{% translate '事实' %}">{{ e.fact }}</td>
<td data-label="{% translate '案件/文号' %}">{{ e.case_ref|default:"—" }}</td>
<td data-label="{% translate '状态' %}">{% if e.reverses_id %}{% translate "冲销" %}{% elif e.is_reversed %}{% translate "已冲销" %}{% else %}{% translate "有效" %}{% endif %}</td></tr>
{% endfor %}"""   # what the page rendered before ledger_rows


def test_the_one_pass_ledger_rows_are_the_templates_rows(reg):
    from django.template import Context, Template
    from dangjian.assessment.selectors import ledger_in_reach, severity_label

    scheme = _scheme_with_entries(reg)
    entries = list(ledger_in_reach(reg.committee, scheme))
    for e in entries:
        e.severity_label = severity_label(e.severity) if e.severity else ""
    entries[0].fact, entries[0].body.unit.name = "<b>&\"'事实</b>", '市发改委<&">'      # what needs escaping
    assert {e.reverses_id is not None for e in entries} == {True, False} and any(e.is_reversed for e in entries)
    context = Context({"entries": entries})
    fast = Template("{% load assessment_tags %}{% ledger_rows entries %}").render(context)
    assert fast == Template("{% load i18n assessment_tags %}" + LEDGER_TEMPLATE_ROWS).render(context)
    assert fast.count("<tr>") == 4 and "&lt;b&gt;&amp;&quot;&#x27;事实" in fast


def test_the_ledger_is_what_the_user_reaches(login, reg):
    scheme = _scheme_with_entries(reg)
    rows = table(book(login(reg.unit_admin).get(LEDGER_XLSX))["考核台账"], "发生日期")[1]
    assert {r[1] for r in rows} == {"市发展和改革委员会"} and len(rows) == 3
    assert len(ledger_page_rows(login(reg.unit_admin).get(LEDGER).content.decode())) == 3
    for who in (reg.outsider, reg.secretary, reg.auditor):       # no assessment right
        assert login(who).get(LEDGER).status_code == 403 and login(who).get(LEDGER_XLSX).status_code == 403
    assert AuditEntry.objects.filter(action="assessment.export", object_id=str(scheme.pk)).count() == 1


def test_the_ledger_makes_the_same_queries_at_two_sizes(login, reg, count_queries):
    from dangjian.assessment.models import Indicator
    from .assessment_builder import more_units

    scheme = _scheme_with_entries(reg)
    ind = {i.code: i for i in Indicator.objects.filter(scheme=scheme)}
    client = login(reg.committee)
    counts = []
    for size in range(2):
        counts.append((count_queries(lambda: client.get(LEDGER)), count_queries(lambda: client.get(LEDGER_XLSX))))
        more_units(reg, 4, ind, prefix=f"市{size}第")
    assert counts[0] == counts[1]


# ---- the annual numbers -------------------------------------------------------------------

ANNUAL, ANNUAL_XLSX = "/figures/annual/", "/figures/annual/export.xlsx"


def test_the_annual_numbers_count_the_year_and_the_workbook_holds_the_pages_rows(login, reg):
    from datetime import date

    from dangjian.figures.annual import annual_numbers
    from dangjian.records.models import Activity, ActivityKind
    from dangjian.study.models import Course

    theme, lecture = ActivityKind.objects.get(code="theme_day"), ActivityKind.objects.get(code="party_lecture")
    Activity.objects.bulk_create([Activity(org=reg.branch_a1, kind=theme, held_on=date(2025, m, 3), topic="t")
                                  for m in range(1, 13)] +
                                 [Activity(org=reg.branch_b1, kind=lecture, held_on=date(2025, 3, 3), topic="t"),
                                  Activity(org=reg.branch_b1, kind=lecture, held_on=date(2024, 3, 3), topic="t")])
    Course.objects.create(name="书记培训班", kind="secretary", starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 3),
                          capacity=40)
    numbers = {f.key: f.value for f in annual_numbers(reg.committee, 2025)}
    assert (numbers["units"], numbers["branches"], numbers["members"]) == (2, 3, 9)
    assert (numbers["records"], numbers["records.theme_day"], numbers["records.party_lecture"]) == (13, 12, 1)
    assert (numbers["courses"], numbers["course_seats"], numbers["sit_ins"]) == (1, 40, 0)
    client = login(reg.committee)
    html = client.get(ANNUAL + "?year=2025").content.decode()
    assert 'href="/figures/annual/?year=2025"' in client.get("/records/picture/?year=2025").content.decode()
    wb = book(client.get(ANNUAL_XLSX + "?year=2025"))
    header, rows = table(wb["年度主要数据"], "类别")
    assert header == ("类别", "项目", "数值", "数据来源")
    page = re.findall(r'<td data-label="类别">(.*?)</td><td data-label="项目">(.*?)</td><td data-label="数值">(\d+)</td>', html)
    assert [(g, label, str(v)) for g, label, v, _src in rows] == page and len(page) == len(numbers)
    assert AuditEntry.objects.get(action="figures.export").changes == {"what": "annual_numbers", "year": 2025,
                                                                        "rows": len(rows)}


def test_the_annual_numbers_keep_outsiders_out_and_refuse_a_forged_year(login, reg, count_queries):
    for who in (reg.unit_admin, reg.zone_lead, reg.outsider):
        assert login(who).get(ANNUAL).status_code == 403 and login(who).get(ANNUAL_XLSX).status_code == 403
    client = login(reg.committee)
    for year in ("abc", "1999", "2999", "2025'"):
        response = client.get(ANNUAL + f"?year={year}")
        assert response.status_code == 400 and "年度不正确" in response.content.decode()
        assert client.get(ANNUAL_XLSX + f"?year={year}").status_code == 400
    assert not AuditEntry.objects.filter(action="figures.export").exists()
    first = count_queries(lambda: client.get(ANNUAL))
    org_create(user=None, name="新支部", type=OrgType.BRANCH, parent=reg.oc_b)
    Unit.objects.create(name="市统计局", category=reg.category, zone=reg.zone_b)
    assert count_queries(lambda: client.get(ANNUAL)) == first


def test_the_gaps_and_coverage_workbooks_make_the_same_queries_at_two_sizes(login, reg, count_queries):
    from django.core.cache import cache

    client = login(reg.committee)
    counts = []
    for size in range(2):
        cache.clear()           # the gaps are cached: count the computation at both sizes
        counts.append((count_queries(lambda: client.get(GAPS_XLSX)), count_queries(lambda: client.get(COVERAGE_XLSX)),
                       count_queries(lambda: client.get(ANNUAL_XLSX))))
        for i in range(5):
            unit = Unit.objects.create(name=f"市第{size}{i}局", category=reg.category, zone=reg.zone_a)
            oc = org_create(user=None, name=f"第{size}{i}局机关党委", type=OrgType.ORGAN_COMMITTEE, unit=unit)
            org_create(user=None, name=f"第{size}{i}局支部", type=OrgType.BRANCH, parent=oc)
    assert counts[0] == counts[1]
