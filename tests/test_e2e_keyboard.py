"""Keyboard only, on a phone-sized window: a branch secretary signs in and records a meeting with
Tab, Enter, Space and typing, from the sign-in page to the saved record; and the org tree opens
and closes with the arrow keys (no mouse, nothing clicked or filled by script). And with script
off the menu stays open and the record form still shows reason boxes only for the unticked."""
import pytest
from playwright.sync_api import expect

from dangjian.records.models import Activity

from .e2e_support import PHONE, axe_violations, browser, horizontal_overflow, restore_default_rows  # noqa: F401  (fixture)
from .factories import PASSWORD, make_registry

MAX_TABS = 60


def focused(page):
    """What has the focus: its tag, text or value, name, href and aria-expanded."""
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, text: (e.innerText || e.value || '').trim(), name: e.name || '',
                href: e.getAttribute('href') || '', expanded: e.getAttribute('aria-expanded')}; }""")


def tab_to(page, *, text=None, starts=None, name=None, tag=None, href=None, backwards=False):
    """Press Tab (or Shift+Tab) until the focus is on the element described; fail if it never is."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        f = focused(page)
        if ((text is None or f["text"] == text) and (starts is None or f["text"].startswith(starts)) and (name is None or f["name"] == name)
                and (tag is None or f["tag"] == tag) and (href is None or f["href"] == href)):
            return f
    raise AssertionError(f"Tab never reached text={text!r} name={name!r} tag={tag!r}; last: {f}")


def enter_and_wait(page):
    """Press Enter on a link or a submit button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def live_reg(transactional_db):
    restore_default_rows()  # the kinds of record, flushed by an earlier transactional test
    return make_registry()


@pytest.mark.e2e
def test_a_secretary_records_a_meeting_by_keyboard(live_server, live_reg, browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    assert focused(page)["name"] == "username"  # autofocus
    page.keyboard.type(live_reg.secretary.username)
    page.keyboard.press("Tab")
    page.keyboard.type("a wrong password")
    enter_and_wait(page)
    # the refusal is announced with the field that has the focus again
    username = page.locator("input[name=username]")
    expect(username).to_be_focused()
    expect(page.locator("#" + username.get_attribute("aria-describedby"))).to_contain_text("用户名或密码错误")
    assert axe_violations(page) == []
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    enter_and_wait(page)
    expect(page.locator("main h1").first).to_have_text("首页")

    # the folded menu opens from the keyboard, and its first link takes the focus next
    f = tab_to(page, text="菜单", tag="BUTTON")
    assert f["expanded"] == "false"
    page.keyboard.press("Enter")
    assert focused(page)["expanded"] == "true"
    expect(page.locator("nav.nav")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("nav.nav")).to_be_hidden()

    branch = live_reg.branch_a1.name
    tab_to(page, text=branch, href=f"/orgs/{live_reg.branch_a1.pk}/")
    enter_and_wait(page)
    expect(page.locator("main h1")).to_have_text(branch)
    tab_to(page, text="登记组织生活", tag="A")
    enter_and_wait(page)
    tab_to(page, text="主题党日", tag="A")
    enter_and_wait(page)
    expect(page.locator("main h1")).to_contain_text("主题党日")

    # a topic of blanks passes the browser's check but not the server's: the focus goes to it,
    # and the field names its message
    tab_to(page, name="topic")
    page.keyboard.type("   ")
    tab_to(page, text="保存", tag="BUTTON")
    enter_and_wait(page)
    topic = page.locator("input[name=topic]")
    expect(topic).to_be_focused()
    expect(topic).to_have_attribute("aria-invalid", "true")
    described = topic.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_contain_text("必填")
    expect(page.locator(".error-summary a[href='#id_topic']")).to_contain_text("主题")  # the fallback without script
    assert axe_violations(page) == []  # the page with its errors, too
    page.keyboard.press("Control+A")
    page.keyboard.type("学习新修订的《中国共产党支部工作条例》")

    # one member is away: untick them with Space, and only then is there a box for the reason
    absent = live_reg.members_a1[1]
    reason = page.locator(f"input[name=reason_{absent.pk}]")
    expect(page.locator("td.reason input:visible")).to_have_count(0)
    tab_to(page, name="present")
    while page.evaluate("document.activeElement.value") != str(absent.pk):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(reason).to_be_visible()
    expect(page.locator("td.reason input:visible")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(reason).to_be_focused()
    page.keyboard.type("外出学习")
    tab_to(page, text="保存", tag="BUTTON")
    enter_and_wait(page)

    expect(page.locator("main h1")).to_have_text("学习新修订的《中国共产党支部工作条例》")
    expect(page.locator("main")).to_contain_text(f"{absent.name}：缺席（外出学习）")
    activity = Activity.objects.get(org=live_reg.branch_a1)
    assert (activity.attendee_count, activity.expected_count) == (4, 5)
    page.screenshot(path="/tmp/e2e-keyboard.png", full_page=True)
    context.close()


@pytest.mark.e2e
def test_the_org_tree_opens_with_the_arrow_keys(live_server, live_reg, browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.keyboard.type(live_reg.unit_admin.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    enter_and_wait(page)
    expect(page.locator("main h1").first).to_have_text("首页")
    page.goto(live_server.url + "/tree/")

    committee = live_reg.oc_a.name
    node = page.locator(f"xpath=//details[summary/span[@class='node-name' and text()='{committee}']]")
    tab_to(page, starts=committee, tag="SUMMARY")
    expect(node).not_to_have_attribute("open", "")  # a closed node, its branches not loaded
    page.keyboard.press("ArrowRight")  # opens; htmx loads the branches
    branch_link = page.locator("a", has_text=live_reg.branch_a1.name)
    expect(branch_link).to_be_visible()
    page.keyboard.press("ArrowRight")  # already open: on to the first child
    expect(branch_link).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("a", has_text=live_reg.branch_a2.name)).to_be_focused()
    page.keyboard.press("ArrowLeft")  # a leaf: up to its parent
    assert focused(page)["tag"] == "SUMMARY" and committee in focused(page)["text"]
    page.keyboard.press("ArrowLeft")  # closes
    expect(node).not_to_have_attribute("open", "")
    expect(branch_link).to_be_hidden()
    page.keyboard.press("Enter")  # the browser's own toggle
    expect(branch_link).to_be_visible()
    page.keyboard.press("ArrowUp")  # back to the unit's 详情 link, before the node
    assert focused(page)["tag"] == "A" and focused(page)["text"] == "详情"
    context.close()


@pytest.mark.e2e
def test_without_script_the_menu_stays_open_and_the_form_still_folds(live_server, live_reg, browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", live_reg.secretary.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator("main h1").first).to_have_text("首页")
    expect(page.locator("button.menu-toggle")).to_be_hidden()
    expect(page.locator("nav.nav a", has_text="组织生活")).to_be_visible()
    assert horizontal_overflow(page) <= 0

    page.goto(f"{live_server.url}/records/org/{live_reg.branch_a1.pk}/new/theme_day/")
    expect(page.locator("td.reason input:visible")).to_have_count(0)  # CSS alone hides them
    page.locator(f"input[name=present][value='{live_reg.members_a1[0].pk}']").uncheck()
    expect(page.locator("td.reason input:visible")).to_have_count(1)
    context.close()
