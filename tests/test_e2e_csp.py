"""The Content-Security-Policy in a real browser: no page, htmx swap or admin screen is blocked."""
import pytest
from playwright.sync_api import expect

from dangjian.accounts.models import Membership

from .test_e2e_registry import _sign_in, browser, live_reg  # noqa: F401  (fixtures)


@pytest.mark.e2e
def test_no_page_trips_the_policy(live_server, live_reg, browser):  # noqa: F811
    Membership.objects.filter(user=live_reg.committee).update(can_unmask=True)
    page = browser.new_page(locale="zh-CN")
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    _sign_in(page, live_server.url, live_reg.committee.username)

    page.goto(f"{live_server.url}/members/{live_reg.member.pk}/")
    page.click("#member-personal button[type=submit]")  # htmx swaps the full values in
    expect(page.locator("#member-personal")).to_contain_text("110101198001011234")
    expect(page.locator("#member-personal")).to_contain_text("本次查看已记入审计日志")
    for path in ("/tree/", "/records/picture/", "/admin/", "/admin/orgs/unit/add/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert violations == []
