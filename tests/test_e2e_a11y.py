"""Every page a person can reach, for every role, passes axe-core's WCAG 2.1 A/AA rules at desktop
and phone width, needs no sideways scrolling on a phone and trips no Content-Security-Policy.

One test builds the data once, checks the sign-in page, then crawls from each persona's home
page: it follows every same-site link (bounded: one page per URL shape and role, nothing that
signs out, downloads or changes data) and collects every problem, so one run reports them all."""
import html
import re
import time
from collections import deque
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from dangjian.accounts.models import Membership
from dangjian.assessment import services as assessment
from dangjian.orgs.services import member_update
from dangjian.records.models import ActivityKind
from dangjian.records.services import activity_create
from dangjian.study import services as study

from .assessment_builder import add_discipline, body_of, build_scheme, enter
from .e2e_support import AXE_SCRIPT, browser, check_page, restore_default_rows, watch_csp  # noqa: F401  (fixture)
from .factories import make_registry

# the narrowest scopes first: their pages carry the buttons for doing things
ROLES = ("secretary", "unit_admin", "member_user", "zone_lead", "dept", "committee",
         "sysadmin", "security", "auditor")
SKIP = re.compile(r"/logout|/export|/download|\.xlsx|/imports/template/|/attachments/|/reveal/|/delete/|/cancel/|/end/|/withdraw/")
MAX_PAGES = 120  # per role, a guard: reaching it fails the test rather than hiding pages


def build_site():
    """The registry's personas with a little of everything, so each kind of page has rows."""
    restore_default_rows()
    reg = make_registry()
    member_update(user=None, member=reg.member, id_number="110101198001011234", phone="13812345678")
    Membership.objects.filter(user=reg.committee).update(can_unmask=True)
    today = date.today()
    theme_day = ActivityKind.objects.get(code="theme_day")
    members = [m.pk for m in reg.members_a1]
    activity_create(user=reg.secretary, org=reg.branch_a1, kind=theme_day, held_on=today - timedelta(days=3),
                    topic="学习党章", present_ids=members[1:], absences={members[0]: "出差"})
    study.sit_in_create(user=reg.committee, unit=reg.unit_a, planned_on=today + timedelta(days=10),
                        observers=[reg.committee], topic="学习贯彻党的二十届四中全会精神")
    study.course_create(user=reg.committee, name="基层党组织书记培训班", kind="secretary", starts_on=today,
                        ends_on=today + timedelta(days=3), capacity=30)
    base = study.education_base_create(user=reg.committee, name="市革命纪念馆", level="city", capacity=50,
                                       theme="革命传统教育")
    study.booking_create(user=reg.secretary, base=base, branch=reg.branch_a1, date=today + timedelta(days=7),
                         slot="am", headcount=10)
    study.youth_group_create(user=reg.unit_admin, unit=reg.unit_a, name="发改委青年理论学习小组")
    # a published daily scheme with a few facts: the desk, the tables, the cards and the scheme page
    add_discipline(reg)
    _scheme, ind = build_scheme(reg)
    body_a, body_b = body_of(reg.unit_a), body_of(reg.unit_b)
    enter(reg.dept, ind["G1"], body_a, points="4", fact="党建业务融合项目评审")
    enter(reg.dept, ind["X1"], body_b, points="1", fact="省级表彰")
    wrong = enter(reg.discipline_user, ind["E1"], body_a, severity="admonition", case_ref="纪案1", fact="诫勉一人")
    assessment.ledger_entry_reverse(user=reg.discipline_user, entry=wrong, reason="复核不属实")
    enter(reg.discipline_user, ind["E4"], body_b, case_ref="巡察1", fact="整改逾期一项")
    build_scheme(reg, publish=False, year=today.year + 1)          # a draft, with its publish button
    return reg


def session_cookie(user, base_url):
    """A signed-in session for ``user``, as the browser would hold it after the sign-in form."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": base_url}


def url_shape(url):
    """A page's kind: its path with the numbers taken out (a filter or page number shows the same
    template, so the query does not count)."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


LINK = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"")


def crawl(page, base_url, checked):
    """Visit the pages reachable from the home page, one per URL shape; yield (url, problems).

    The first role to meet a shape (and every role on its home page) loads it in the browser:
    axe-core at both widths, sideways scrolling, the policy. A later role meets the same template
    and fetches it through the same session only for its status and its links, which may lead to
    pages of its own."""
    seen, queue = set(), deque([base_url + "/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        shape = url_shape(url)
        if shape in seen:
            continue
        seen.add(shape)
        if shape not in checked or shape == "/":
            response = page.goto(url)
            problems = check_page(page)
            links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        else:
            response = page.context.request.get(url)
            problems = []
            links = [urljoin(url, html.unescape(href)) for href in LINK.findall(response.text())]
        checked.add(shape)
        yield url, ([] if response.ok else [f"answers {response.status}"]) + problems
        if "/admin/" in url:
            continue  # Django's admin site: its index is checked, its own screens are Django's
        for link in links:
            link = link.split("#")[0]
            if link.startswith(base_url + "/") and not SKIP.search(link) and url_shape(link) not in seen:
                queue.append(link)
    left = {url_shape(url) for url in queue} - seen
    if left:
        yield base_url + "/", [f"crawl stopped at {MAX_PAGES} pages before {sorted(left)[:5]}: raise MAX_PAGES"]


@pytest.mark.e2e
def test_every_reachable_page_passes_axe_at_both_widths(live_server, browser):  # noqa: F811
    reg = build_site()
    failures, visited, checked = [], {}, set()
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    csp = watch_csp(page)
    page.goto(live_server.url + "/login/")  # the one page for a visitor who has not signed in
    failures += [f"visitor /login/: {p}" for p in check_page(page)] + [f"visitor: CSP {t}" for t in csp]
    context.close()
    for role in ROLES:
        started = time.monotonic()
        context = browser.new_context(locale="zh-CN")
        context.add_init_script(script=AXE_SCRIPT)  # in every page before its own scripts: no cost per run
        context.add_cookies([session_cookie(getattr(reg, role), live_server.url)])  # signed in (the
        # sign-in form itself is walked in test_e2e_keyboard.py)
        page = context.new_page()
        csp = watch_csp(page)
        visited[role] = 0
        for url, problems in crawl(page, live_server.url, checked):
            visited[role] += 1
            failures += [f"{role} {url[len(live_server.url):]}: {p}" for p in problems]
        failures += [f"{role}: CSP {text}" for text in csp]
        context.close()
        print(role, visited[role], "pages", round(time.monotonic() - started, 1), "s")
    print("pages per role:", visited, "shapes checked by axe:", len(checked))
    assert failures == [], "\n".join(failures)
    assert visited["committee"] >= 20 and min(visited.values()) >= 3, visited  # each really signed in
