"""The picture's charts: the trend and the zones on the picture, a zone against the city on the
zone's page (only for whoever reaches the whole zone), a unit's own trend on the unit's page."""
import re
from datetime import date
from types import SimpleNamespace

from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dangjian.accounts import gatekeeper as gk
from dangjian.lib.pagecharts import number, percent
from dangjian.records import charts, selectors

TODAY = date(2026, 12, 16)      # tests/clock.py


def _svgs(html):
    return re.findall(r'<svg[^>]*class="chart-svg"', html)


def _data_rows(html):
    """The rows of each chart's data table: [[label, cell, …], …] per figure."""
    out = []
    for fig in re.findall(r'<figure class="chart">(.*?)</figure>', html, re.S):
        rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", fig, re.S)
        out.append([[label] + re.findall(r"<td>(.*?)</td>", cells) for label, cells in rows])
    return out


def test_the_picture_draws_the_trend_and_the_zones(login, reg):
    cache.clear()
    html = login(reg.committee).get("/records/picture/").content.decode()
    assert len(_svgs(html)) == 2
    picture = selectors.committee_picture(reg.committee, TODAY.year, TODAY)
    zones = _data_rows(html)[1]
    city = percent(*charts.total(picture["periods"].values()))
    assert zones[-1] == ["全市", number(city, "%")]
    assert [row[0] for row in zones[:-1]] == [name for _z, name, _c in picture["zone_rows"]]
    for row, (_z, _name, cells) in zip(zones, picture["zone_rows"]):
        assert row[1] == number(percent(*charts.total(cells)), "%")


def test_the_trend_judges_last_year_by_its_monthly_rules_only(login, reg, monkeypatch):
    """A cold picture computes the whole picture of its year only; last year's line is the
    monthly rules of last year, the same months as last year's whole picture has."""
    cache.clear()
    real, years = selectors.committee_picture, []

    def spy(user, year, today=None):
        years.append(year)
        return real(user, year, today)

    monkeypatch.setattr(selectors, "committee_picture", spy)
    html = login(reg.committee).get(f"/records/picture/?year={TODAY.year}").content.decode()
    assert years == [TODAY.year]
    last = real(reg.committee, TODAY.year - 1, TODAY)["months"]
    this = real(reg.committee, TODAY.year, TODAY)["months"]
    assert len(last) == 12 and selectors.picture_months(reg.committee, TODAY.year - 1, TODAY) == last
    rows = _data_rows(html)[0]
    assert [r[0] for r in rows] == [f"{m}月" for m in range(1, 13)]
    for m in range(1, 13):
        assert rows[m - 1][1] == number(percent(*last[m]) if m in last else None, "%")
        assert rows[m - 1][2] == number(percent(*this[m]) if m in this else None, "%")


def test_a_zone_lead_sees_its_zone_against_the_city(login, reg):
    cache.clear()
    html = login(reg.zone_lead).get(reverse("zone_detail", args=[reg.zone_a.pk])).content.decode()
    assert len(_svgs(html)) == 1 and "与全市对比" in html
    rows = _data_rows(html)[0]
    city = selectors.committee_picture(gk.stand_in(everything=True), TODAY.year, TODAY)
    assert len(rows) == len(city["rules"])
    zone = next(cells for zid, _n, cells in city["zone_rows"] if zid == reg.zone_a.pk)
    for row, cell, rule in zip(rows, zone, city["rules"]):
        assert row[0].startswith(rule.kind.name)
        assert row[1] == number(percent(*cell) if cell else None, "%")
        city_cell = city["periods"].get(rule.id)
        assert row[2] == number(percent(*city_cell) if city_cell else None, "%")


def test_the_committee_sees_any_zone_against_the_city(login, reg):
    cache.clear()
    for zone in (reg.zone_a, reg.zone_b):
        html = login(reg.committee).get(reverse("zone_detail", args=[zone.pk])).content.decode()
        assert len(_svgs(html)) == 1 and f"{zone.name}与全市对比" in html


def test_who_does_not_reach_the_whole_zone_sees_no_comparison(login, reg):
    cache.clear()
    html = login(reg.unit_admin).get(reverse("zone_detail", args=[reg.zone_a.pk])).content.decode()
    assert "与全市对比" not in html and not _svgs(html)
    assert login(reg.outsider).get(reverse("zone_detail", args=[reg.zone_a.pk])).status_code == 404


def test_a_unit_page_draws_its_own_trend(login, reg):
    cache.clear()
    html = login(reg.unit_admin).get(reverse("unit_detail", args=[reg.unit_a.pk])).content.decode()
    assert len(_svgs(html)) == 1 and "组织生活趋势" in html
    rows = _data_rows(html)[0]
    assert [r[0] for r in rows] == [f"{m}月" for m in range(1, 13)]
    orgs = gk.visible_orgs(reg.unit_admin).filter(unit=reg.unit_a)
    months = selectors.org_months(reg.unit_admin, orgs, f"unit:{reg.unit_a.pk}", TODAY.year, TODAY)
    assert 12 not in months              # December has not ended
    assert rows[11][2] == "—"
    assert months, "the unit has monthly rules judged this year"
    for m in range(1, 13):
        assert rows[m - 1][2] == number(percent(*months[m]) if m in months else None, "%")
    assert login(reg.outsider).get(reverse("unit_detail", args=[reg.unit_a.pk])).status_code == 404


@st.composite
def results(draw):
    out = []
    for _i in range(draw(st.integers(0, 4))):
        period = draw(st.sampled_from(["month", "quarter"]))
        months = sorted(draw(st.sets(st.integers(1, 12), max_size=12)))
        starts = tuple(date(2026, m, 1) for m in months)
        applicable = draw(st.integers(0, 6))
        missed = {}
        for org in range(applicable):
            gone = draw(st.sets(st.sampled_from(starts), max_size=len(starts))) if starts else set()
            if gone:
                missed[org] = sorted(gone)
        out.append(SimpleNamespace(rule=SimpleNamespace(period=period), applicable=applicable,
                                   periods=starts, missed=missed))
    return out


@given(results())
def test_month_cells_count_every_monthly_org_once_per_judged_month(res):
    cells = charts.month_cells(res)
    monthly = [r for r in res if r.rule.period == "month"]
    for month, (met, due) in cells.items():
        assert 0 <= met <= due
        assert due == sum(r.applicable for r in monthly if any(s.month == month for s in r.periods))
        missed = sum(1 for r in monthly for starts in r.missed.values() for s in starts if s.month == month)
        assert met == due - missed
    judged = {s.month for r in monthly for s in r.periods}
    assert set(cells) == judged


@given(st.lists(st.one_of(st.none(), st.tuples(st.integers(0, 50), st.integers(0, 50)))))
def test_total_sums_the_cells_it_has(cells):
    met, due = charts.total(cells)
    assert met == sum(c[0] for c in cells if c) and due == sum(c[1] for c in cells if c)
