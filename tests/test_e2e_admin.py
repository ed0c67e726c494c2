"""Django admin in a real browser, after its accessibility fixes (templates/admin/base_site.html):
the autocomplete is named and worked by keyboard, a grant and a change form still save, and a
list-editable column is named row by row and saves too. (axe-core over the admin screens:
tests/test_e2e_a11y.py.)"""
import re

import pytest
from playwright.sync_api import expect

from dangjian.accounts.models import Membership, Role
from dangjian.audit.models import AuditEntry
from dangjian.records.models import ActivityKind

from .e2e_support import DESKTOP, browser, restore_default_rows  # noqa: F401  (fixture)
from .test_e2e_a11y import session_cookie
from .test_e2e_registry import live_reg  # noqa: F401  (fixture)


def signed_in_page(browser, live_server, user):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    context.add_cookies([session_cookie(user, live_server.url)])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


@pytest.mark.e2e
def test_a_grant_is_made_by_keyboard_through_the_named_autocomplete(live_server, live_reg, browser):  # noqa: F811
    page, errors = signed_in_page(browser, live_server, live_reg.sysadmin)
    page.goto(live_server.url + "/admin/accounts/membership/add/")
    user_box = page.get_by_role("combobox", name=re.compile("用户"))  # named by its label
    expect(user_box).to_be_visible()
    user_box.focus()
    page.keyboard.press("Enter")  # opens select2's dropdown
    search = page.get_by_role("searchbox", name=re.compile("用户"))
    expect(search).to_be_focused()
    page.keyboard.type(live_reg.member_user.username)
    options = page.locator(".select2-results__option")
    expect(options).to_have_count(1)  # the search has answered: only the one typed
    expect(options).to_contain_text(live_reg.member_user.username)
    page.keyboard.press("Enter")
    expect(page.get_by_role("combobox", name=re.compile(live_reg.member_user.username))).to_be_visible()
    page.get_by_label("角色").select_option(Role.BRANCH_SECRETARY)
    page.get_by_label("党组织").select_option(str(live_reg.branch_a2.pk))
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text("成功")
    assert Membership.objects.filter(user=live_reg.member_user, role=Role.BRANCH_SECRETARY,
                                     org=live_reg.branch_a2).exists()
    assert AuditEntry.objects.filter(action="membership.grant", user=live_reg.sysadmin).exists()
    assert errors == []


@pytest.mark.e2e
def test_a_change_form_and_a_list_column_save(live_server, live_reg, browser):  # noqa: F811
    restore_default_rows()
    page, errors = signed_in_page(browser, live_server, live_reg.committee)
    page.goto(f"{live_server.url}/admin/orgs/unit/{live_reg.unit_a.pk}/change/")
    page.get_by_label("简称").fill("发改")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text("成功")
    live_reg.unit_a.refresh_from_db()
    assert live_reg.unit_a.short_name == "发改"
    assert AuditEntry.objects.filter(action="unit.update", user=live_reg.committee).exists()

    theme_day = ActivityKind.objects.get(code="theme_day")
    page.goto(live_server.url + "/admin/records/activitykind/")
    page.get_by_label(f"排序：{theme_day}", exact=True).fill("77")  # each row's input has its own name
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text("成功")
    theme_day.refresh_from_db()
    assert theme_day.sort == 77
    assert errors == []
