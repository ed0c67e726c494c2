"""The committee's dashboard (the picture) in a real browser, on a phone and on a desktop: its
charts are drawn (visible, inside the window, with their glyphs), their numbers open one click
away, axe finds nothing, nothing scrolls sideways and the strict CSP holds. A zone lead's zone
page draws its zone against the city."""
import pytest
from playwright.sync_api import expect

from .e2e_support import (DESKTOP, PHONE, browser, check_page, restore_default_rows,  # noqa: F401  (fixture)
                          sign_in, watch_csp)
from .factories import make_registry

DRAWN = """() => [...document.querySelectorAll('svg.chart-svg')].map(svg => {
    const box = svg.getBoundingClientRect();
    return {width: box.width, height: box.height, right: box.right,
            paths: svg.querySelectorAll('path').length, label: svg.getAttribute('aria-labelledby') || ''};
})"""


@pytest.fixture
def live_reg(transactional_db):
    restore_default_rows()  # the kinds of record and rules, flushed by an earlier transactional test
    return make_registry()


def drawn_charts(page, size):
    page.set_viewport_size(size)
    charts = page.evaluate(DRAWN)
    for chart in charts:
        assert chart["width"] > 100 and chart["height"] > 80, chart
        assert chart["right"] <= size["width"] + 1, chart      # inside the window
        assert chart["paths"] > 20, chart                      # lines, bars and glyphs drawn as paths
    return charts


@pytest.mark.e2e
def test_the_committees_dashboard_draws_its_charts_on_a_phone_and_a_desktop(live_server, live_reg, browser):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    csp = watch_csp(page)
    sign_in(page, live_server.url, live_reg.committee.username)
    page.goto(live_server.url + "/records/picture/")
    expect(page.locator("main h1").first).to_be_visible()
    assert len(drawn_charts(page, DESKTOP)) == 2
    assert len(drawn_charts(page, PHONE)) == 2
    # the numbers, one click away
    details = page.locator("figure.chart details").first
    details.locator("summary").click()
    expect(details.locator("table tbody tr").first).to_be_visible()
    expect(details.locator("table tbody tr")).to_have_count(12)     # the trend: twelve months
    assert check_page(page) == []
    page.goto(live_server.url + f"/zones/{live_reg.zone_a.pk}/")
    assert check_page(page) == []
    assert csp == []
    context.close()


@pytest.mark.e2e
def test_a_zone_lead_sees_its_zone_against_the_city_on_a_phone(live_server, live_reg, browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server.url, live_reg.zone_lead.username)
    page.goto(live_server.url + f"/zones/{live_reg.zone_a.pk}/")
    expect(page.get_by_role("heading", name="与全市对比")).to_be_visible()
    assert len(drawn_charts(page, PHONE)) == 1
    page.goto(live_server.url + f"/units/{live_reg.unit_a.pk}/")
    assert len(drawn_charts(page, PHONE)) == 1
    assert check_page(page) == []
    context.close()
