"""The committee's heat table: shades that keep their text readable, sorting and filtering on
the server (a forged key is a Chinese 400, never a 500), constant queries, the zones side by
side, and a workbook of exactly the page's rows, audited; outsiders kept out."""
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from hypothesis import given, settings, strategies as st
from openpyxl import load_workbook

from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import OrgType, Unit, UnitCategory
from dangjian.orgs.services import org_create
from dangjian.records import heat
from dangjian.records.models import Activity, ActivityKind
from dangjian.records.templatetags.records_tags import heat_rows

from . import shared_data
from .assessment_builder import add_discipline, build_scheme

PICTURE = "/records/picture/"
EXPORT = "/records/picture/export.xlsx"
CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"


# ---- the palette and the pure rules -------------------------------------------------------

def _luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    hi, lo = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_shade_keeps_its_number_readable_and_the_stylesheet_agrees():
    css = CSS.read_text(encoding="utf-8")
    for _low, css_class, background, text, _label in heat.BANDS:
        assert contrast(background, text) >= 4.5, css_class
        assert f".{css_class} {{ background: {background}; color: {text}; }}" in css
    assert contrast("#ffffff", "#595959") >= 4.5           # the missing cell ("—")


def test_the_bands_follow_the_printed_percent():
    assert heat.band((12, 12)) == "h5" and heat.band((1193, 1200)) == "h4"     # 99.4% reads 99%
    assert heat.band((1195, 1200)) == "h5"          # 99.6% is printed 100%, shaded as 100%
    assert heat.band((0, 12)) == "h0" and heat.band(None) == heat.MISSING_CLASS == heat.band((0, 0))


cells = st.one_of(st.none(), st.tuples(st.integers(0, 50), st.integers(1, 50)).filter(lambda c: c[0] <= c[1]))


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.integers(0, 100), st.integers(1, 100)).filter(lambda c: c[0] <= c[1]),
       st.tuples(st.integers(0, 100), st.integers(1, 100)).filter(lambda c: c[0] <= c[1]))
def test_a_bigger_share_is_never_shaded_darker(a, b):
    order = [css for _l, css, *_r in heat.BANDS]       # lightest first
    if heat.share(a) <= heat.share(b):
        assert order.index(heat.band(a)) >= order.index(heat.band(b))


def _rows(draw_cells):
    # zone 1 is listed third, zone 3 first: the registry's order, not the id nor the name
    place = {1: 2, 2: 1, 3: 0}
    return [heat.HeatRow(unit_id=i, name=f"单位{i}", zone_id=z, zone=f"区{z}" if z else "", division_id=d,
                         division=f"赛区{d}" if d else "", cells=c, order=i, zone_order=place.get(z, 3),
                         division_order=d or 0)
            for i, (z, d, c) in enumerate(draw_cells)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 3)), st.one_of(st.none(), st.integers(1, 3)),
                          st.lists(cells, min_size=2, max_size=2)), max_size=12),
       st.sampled_from(["unit", "zone", "division", "rule7", "rule9"]), st.booleans())
def test_sorting_keeps_every_row_orders_the_column_and_puts_missing_last(spec, column, descending):
    rows = _rows(spec)
    out = heat.sort_rows(rows, column, descending, [7, 9])
    assert sorted(r.unit_id for r in out) == [r.unit_id for r in rows]
    if column == "unit":
        assert [r.order for r in out] == sorted((r.order for r in rows), reverse=descending)
        return
    value = {"zone": lambda r: r.zone_order if r.zone_id else None,
             "division": lambda r: r.division_order if r.division_id else None,
             "rule7": lambda r: heat.share(r.cells[0]), "rule9": lambda r: heat.share(r.cells[1])}[column]
    values = [value(r) for r in out]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present))
    assert present == sorted(present, reverse=descending)


@given(st.text(max_size=20))
def test_only_named_columns_sort(value):
    parsed = heat.parse_sort(value, [7, 9])
    assert (parsed is None) == (value not in heat.sort_keys([7, 9]))
    assert heat.parse_sort("rule8", [7, 9]) is None and heat.parse_sort("-rule9", [7, 9]) == ("rule9", True)


def test_heat_rows_escape_names_and_print_every_number():
    html = heat_rows(_rows([(1, None, [(3, 4), None])]) + [heat.HeatRow(
        unit_id=9, name='<b>&"', zone_id=None, zone="", division_id=None, division="", cells=[(0, 2)])])
    assert '<td class="h2">75%</td><td class="hn">—</td>' in html
    assert "&lt;b&gt;&amp;&quot;" in html and "<b>" not in html and '<td class="h0">0%</td>' in html


# ---- the page -----------------------------------------------------------------------------

def _theme_days(org, months, year=2025):
    kind = ActivityKind.objects.get(code="theme_day")
    Activity.objects.bulk_create([Activity(org=org, kind=kind, held_on=date(year, m, 10), topic="t")
                                  for m in months])


def add_city(reg):
    """Zone A's unit keeps half its theme days, zone B's none; a published scheme puts both
    units (one category) in the division 党群综合, and a third unit of another category in none."""
    r = add_discipline(reg)
    r.scheme, _ind = build_scheme(r)
    _theme_days(r.branch_a1, range(1, 13))
    other = UnitCategory.objects.create(name="事业单位")
    r.unit_c = Unit.objects.create(name="=HYPERLINK(\"x\")市档案馆", category=other, zone=r.zone_b)
    oc = org_create(user=None, name="档案馆机关党委", type=OrgType.ORGAN_COMMITTEE, unit=r.unit_c,
                    term_start=date(2023, 1, 1))
    r.branch_c1 = org_create(user=None, name="档案馆第一党支部", type=OrgType.BRANCH, parent=oc,
                             term_start=date(2024, 1, 1))
    _theme_days(r.branch_c1, range(1, 10))
    r.theme = ActivityKind.objects.get(code="theme_day")
    return r


@pytest.fixture(scope="module")
def _city(_module_registry, django_db_blocker):
    return shared_data.populate_shared(_module_registry, django_db_blocker, add_city)


@pytest.fixture
def city(_city, reg):
    return shared_data.shared_or_own(_city, reg, add_city)


def theme_rule(city):
    from dangjian.records.models import FrequencyRule
    return FrequencyRule.objects.get(kind=city.theme, applies_to="branches", period="month")


def heat_table_rows(html):
    """[(unit, zone, division, [cell texts])] of the heat table, in page order."""
    body = html[html.index('<table class="heat">'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", body):
        name = re.search(r'<th scope="row">(.*?)</th>', row).group(1)
        tds = re.findall(r"<td[^>]*>(.*?)</td>", row)
        out.append((name, tds[0], tds[1], tds[2:]))
    return out


def column_of(html, rule):
    heads = re.findall(r'<th scope="col"[^>]*><a href="([^"]*)">', html[html.index('<table class="heat">'):])
    return next(i for i, link in enumerate(heads) if f"sort=rule{rule.pk}" in link or f"sort=-rule{rule.pk}" in link)


def test_the_heat_table_shows_zone_division_and_shaded_shares(login, city):
    html = login(city.committee).get(PICTURE + "?year=2025").content.decode()
    rows = {name: (zone, division, tds) for name, zone, division, tds in heat_table_rows(html)}
    col = column_of(html, theme_rule(city)) - 3
    assert rows["市发展和改革委员会"][:2] == ("第一协作区", "党群综合")
    assert rows["市发展和改革委员会"][2][col] == "50%"          # 12 of 2 × 12 branch-months
    assert rows["市财政局"][2][col] == "0%" and rows["市财政局"][1] == "党群综合"
    assert rows["=HYPERLINK(&quot;x&quot;)市档案馆"][:2] == ("第二协作区", "—")   # no division holds 事业单位
    assert '<td class="h1">50%</td>' in html and '<td class="h0">0%</td>' in html
    assert 'role="region" aria-labelledby="heat"' in html and 'aria-sort="ascending"' in html
    assert 'id="by-zone"' in html and 'class="bar"' in html
    assert "排名" not in html.replace("不设积分排名", "")
    assert re.search(r"<title>组织生活落实情况[^<]*</title>", html) and html.count('class="card city"') == 1


def test_zones_sort_as_the_committee_lists_them_not_by_their_names(login, city):
    from dangjian.orgs.models import Zone

    Zone.objects.filter(pk=city.zone_a.pk).update(name="第三协作区", sort=2)     # "三" < "二" in code points
    Zone.objects.filter(pk=city.zone_b.pk).update(sort=1)                      # but 第二 is listed first
    html = login(city.committee).get(PICTURE + "?year=2025&sort=zone").content.decode()
    assert [r[1] for r in heat_table_rows(html)] == ["第二协作区", "第二协作区", "第三协作区"]
    html = login(city.committee).get(PICTURE + "?year=2025&sort=-zone").content.decode()
    assert [r[1] for r in heat_table_rows(html)] == ["第三协作区", "第二协作区", "第二协作区"]
    assert [o.split(">")[-1] for o in re.findall(r'<option value="\d+"[^>]*>[^<]+', html)][:2] == [
        "第二协作区", "第三协作区"]                                             # the filter lists them so too


def test_sorting_by_a_rule_descending_and_filtering_by_zone_and_division(login, city):
    client = login(city.committee)
    rule = theme_rule(city)
    html = client.get(PICTURE + f"?year=2025&sort=-rule{rule.pk}").content.decode()
    assert [r[0] for r in heat_table_rows(html)][:3] == [
        "=HYPERLINK(&quot;x&quot;)市档案馆", "市发展和改革委员会", "市财政局"]      # 75%, 50%, 0%
    assert html.count("aria-sort=") == 1 and 'aria-sort="descending"' in html
    assert f"sort=rule{rule.pk}" in html                  # its header now sorts ascending
    html = client.get(PICTURE + f"?year=2025&sort=rule{rule.pk}&zone={city.zone_b.pk}").content.decode()
    assert [r[0] for r in heat_table_rows(html)] == ["市财政局", "=HYPERLINK(&quot;x&quot;)市档案馆"]
    division = city.scheme.divisions.get()
    html = client.get(PICTURE + f"?year=2025&zone={city.zone_b.pk}&division={division.pk}").content.decode()
    assert [r[0] for r in heat_table_rows(html)] == ["市财政局"]


@pytest.mark.parametrize("query", ["sort=password", "sort=rule999999", "zone=abc", "zone=999999",
                                   "division=1%27", "division=999999"])
def test_a_forged_sort_or_filter_is_a_chinese_400(login, city, query):
    response = login(city.committee).get(PICTURE + "?year=2025&" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r"(排序方式|协作区|赛区)不正确", html) and len(heat_table_rows(html)) == 3
    assert login(city.committee).get(EXPORT + "?year=2025&" + query).status_code == 400


def test_the_heat_table_makes_the_same_queries_at_two_sizes(login, city, count_queries):
    client = login(city.committee)
    rule = theme_rule(city)
    counts = []
    for size in range(2):
        cache.clear()
        counts.append((count_queries(lambda: client.get(PICTURE + f"?year=2025&sort=-rule{rule.pk}")),
                       count_queries(lambda: client.get(EXPORT + "?year=2025"))))
        for i in range(6):
            unit = Unit.objects.create(name=f"市第{size}{i}局", category=city.category, zone=city.zone_a)
            oc = org_create(user=None, name=f"第{size}{i}局机关党委", type=OrgType.ORGAN_COMMITTEE, unit=unit)
            _theme_days(org_create(user=None, name=f"第{size}{i}局支部", type=OrgType.BRANCH, parent=oc), [1, 2])
    assert counts[0] == counts[1]
    cache.clear()           # the picture is cached until a record write through the services
    html = client.get(PICTURE + "?year=2025").content.decode()
    assert len(heat_table_rows(html)) == 3 + 12


@pytest.mark.parametrize("who", ["unit_admin", "zone_lead", "secretary", "outsider", "auditor"])
def test_outsiders_get_no_committee_picture_nor_its_export(login, city, who):
    client = login(getattr(city, who))
    assert client.get(PICTURE).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert not AuditEntry.objects.filter(action="records.export").exists()


def test_anonymous_is_sent_to_login(client, city):
    assert client.get(PICTURE).status_code == 302 and client.get(EXPORT).status_code == 302


# ---- the export ---------------------------------------------------------------------------

def test_the_export_holds_the_pages_rows_neutralised_and_is_audited(login, city):
    client = login(city.committee)
    rule = theme_rule(city)
    query = f"?year=2025&sort=-rule{rule.pk}&zone={city.zone_b.pk}"
    html = client.get(PICTURE + query).content.decode()
    assert f'{query.replace("&", "&amp;")}">导出 Excel' in html          # the link keeps the page's rows
    response = client.get(EXPORT + query)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(response.content))
    ws = book["按单位"]
    values = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(values) if row[0] == "单位")
    assert values[header_at][:3] == ("单位", "协作区", "赛区")
    assert values[header_at][3 + column_of(html, rule) - 3] == "主题党日（每月）%"
    rows = values[header_at + 1:]
    page = heat_table_rows(html)
    assert len(rows) == len(page) == 2
    for got, (name, zone, division, tds) in zip(rows, page):
        assert str(got[0]).replace('"', "&quot;").lstrip("'") == name and (got[1], got[2]) == (zone, division)
        assert [f"{v}%" if v != "—" else v for v in got[3:]] == tds
    assert rows[0][0] == "'=HYPERLINK(\"x\")市档案馆"          # a formula stays text
    assert [r[0] for r in book["按协作区"].iter_rows(values_only=True)][2:] == ["第一协作区", "第二协作区"]
    entry = AuditEntry.objects.get(action="records.export", object_type="picture")
    assert entry.user == city.committee and entry.changes["rows"] == 2 and entry.changes["zone"] == city.zone_b.pk


def test_a_department_exports_the_picture_too(login, city):
    assert login(city.dept).get(EXPORT).status_code == 200
    assert AuditEntry.objects.filter(action="records.export", user=city.dept).count() == 1


def test_period_cells_count_each_orgs_periods_kept(city):
    from dangjian.orgs.models import PartyOrg
    from dangjian.records import compliance

    _theme_days(city.branch_a2, [1, 2, 3])
    results, rows, _m = compliance.year_compliance(PartyOrg.objects.all(), 2025, date(2026, 12, 16))
    per_zone, per_unit = compliance.period_cells(results, rows)
    rule = theme_rule(city)
    assert per_unit[city.unit_a.pk][rule.pk] == [12 + 3, 24]       # a1 kept 12 months, a2 3, of 2 × 12
    assert per_unit[city.unit_c.pk][rule.pk] == [9, 12]
    assert per_zone[city.zone_b.pk][rule.pk] == [0 + 9, 24]         # 财政局 none, 档案馆 9
    for res in results:                                             # the cells add up to the city's pairs
        due = sum(cells[res.rule.pk][1] for cells in per_unit.values() if res.rule.pk in cells)
        met = sum(cells[res.rule.pk][0] for cells in per_unit.values() if res.rule.pk in cells)
        assert (met, due) == (res.applicable * len(res.periods) - sum(map(len, res.missed.values())),
                              res.applicable * len(res.periods))


def test_the_heat_table_pages_in_its_order_and_the_export_holds_every_page(login, city, monkeypatch):
    from dangjian.records import views_compliance
    monkeypatch.setattr(views_compliance, "HEAT_PAGE", 2)      # three units: two pages
    client = login(city.committee)
    rule = theme_rule(city)
    query = f"year=2025&sort=-rule{rule.pk}"
    first = client.get(f"{PICTURE}?{query}").content.decode()
    second = client.get(f"{PICTURE}?{query}&page=2").content.decode()
    rows = heat_table_rows(first) + heat_table_rows(second)
    assert len(heat_table_rows(first)) == 2 and len(heat_table_rows(second)) == 1
    assert "第 1 / 2 页，共 3 条" in first and f"?{query.replace('&', '&amp;')}&amp;page=2" in first
    assert "3 个单位" in first                                   # the caption counts them all
    assert "page=" not in re.search(r'href="([^"]*)">导出 Excel', first).group(1)
    assert all("page=" not in link for link in re.findall(r'<th scope="col"[^>]*><a href="([^"]*)"', second))
    book = load_workbook(io.BytesIO(client.get(f"{EXPORT}?{query}&page=2").content))
    values = list(book["按单位"].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(values) if row[0] == "单位")
    assert [str(r[0]).replace('"', "&quot;").lstrip("'") for r in values[header_at + 1:]] == [r[0] for r in rows]
