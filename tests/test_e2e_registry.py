"""The registry pages in a real browser: sign in, browse the tree (htmx), open a branch, and
meet the 404 page outside the scope. Runs headless Chromium from the system, never downloads one."""
import pytest
from playwright.sync_api import expect

from dangjian.front.views.tree import EXPAND_UP_TO_UNITS
from dangjian.orgs.services import member_update

from .e2e_support import DESKTOP, PHONE, browser, open_menu, sign_in as _sign_in  # noqa: F401  (fixture)
from .factories import make_registry
from .test_front_tree import add_units

SCREENSHOT = "/tmp/e2e.png"


@pytest.fixture
def live_reg(transactional_db):
    """The registry on a transactional database, so the live server thread sees it."""
    reg = make_registry()
    member_update(user=None, member=reg.member, id_number="110101198001011234", phone="13812345678")
    return reg


@pytest.mark.e2e
def test_browse_the_registry_on_a_phone(live_server, live_reg, browser):
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    _sign_in(page, live_server.url, live_reg.unit_admin.username)

    open_menu(page)  # on a phone the menu folds behind a button
    page.click("nav.nav >> text=组织树")
    expect(page.locator("main h1")).to_have_text("组织树")
    # one unit in scope: it is open with its orgs at once
    expect(page.locator("summary .node-name:text-is('市发改委机关党委')")).to_be_visible()
    expect(page.locator("text=发改委第一党支部")).to_have_count(0)
    page.click("summary .node-name:text-is('市发改委机关党委')")  # htmx loads the children now
    branch_link = page.locator("a", has_text="发改委第一党支部")
    expect(branch_link).to_be_visible()
    branch_a2 = page.locator(".leaf", has=page.locator("a", has_text="发改委第二党支部"))
    expect(branch_a2).to_contain_text("正式党员不足 3 人")  # branch A2 has no members
    page.screenshot(path="/tmp/e2e-tree.png", full_page=True)

    branch_link.click()
    expect(page.locator("main h1")).to_have_text("发改委第一党支部")
    roster = page.locator("table.list").last
    for member in live_reg.members_a1:
        expect(roster).to_contain_text(member.name)
    expect(roster).to_contain_text("110***********1234")
    expect(roster).not_to_contain_text("110101198001011234")
    page.screenshot(path=SCREENSHOT, full_page=True)

    response = page.goto(f"{live_server.url}/orgs/{live_reg.branch_b1.pk}/")
    assert response.status == 404
    expect(page.locator("main h1")).to_have_text("页面不存在")
    expect(page.locator("main")).not_to_contain_text("财政局第一党支部")


@pytest.mark.e2e
def test_search_in_the_tree_on_a_desktop(live_server, live_reg, browser):
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    _sign_in(page, live_server.url, live_reg.committee.username)
    page.goto(live_server.url + "/tree/")
    page.fill("input[name=q]", "第一党支部")  # htmx searches as you type
    results = page.locator("#tree-body table.list")
    expect(results).to_contain_text("财政局第一党支部")
    expect(results).to_contain_text("发改委第一党支部")
    expect(results).not_to_contain_text("发改委第二党支部")
    page.screenshot(path="/tmp/e2e-desktop.png", full_page=True)


@pytest.mark.e2e
def test_open_a_unit_in_a_large_tree(live_server, live_reg, browser):
    add_units(live_reg, EXPAND_UP_TO_UNITS)  # too many units to open them all
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    _sign_in(page, live_server.url, live_reg.committee.username)
    page.goto(live_server.url + "/tree/")
    expect(page.locator("text=市财政局机关党委")).to_have_count(0)
    page.click("summary .node-name:text-is('市财政局')")  # htmx loads the unit's orgs now
    page.click("summary .node-name:text-is('市财政局机关党委')")  # and then the org's children
    branch = page.locator(".leaf", has=page.locator("a", has_text="财政局第一党支部"))
    expect(branch).to_contain_text("4 名党员")
    expect(page.locator("text=发改委第一党支部")).to_have_count(0)
    page.screenshot(path="/tmp/e2e-large-tree.png")
