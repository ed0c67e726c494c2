"""Every page a person can reach, for every role, passes axe-core's WCAG 2.1 A/AA rules at desktop
and phone width, needs no sideways scrolling on a phone and trips no Content-Security-Policy.

One test builds the data once, checks the sign-in page, then crawls from each persona's home
page: it follows every same-site link (bounded: one page per URL shape and role, nothing that
signs out, downloads or changes data) and collects every problem, so one run reports them all.
Django's admin screens are crawled too (one list, change form, add form per model), and a few
main pages are checked at 200% zoom."""
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
from dangjian.commitments import services as commitments
from dangjian.jobs import services as jobs
from dangjian.orgs.services import member_update
from dangjian.records.models import ActivityKind
from dangjian.records.services import activity_create
from dangjian.rectification.services import problem_create, problem_report_done
from dangjian.study import services as study

from .assessment_builder import add_discipline, body_of, build_scheme, enter
from .e2e_support import AXE_SCRIPT, browser, check_page, restore_default_rows, watch_csp  # noqa: F401  (fixture)
from .factories import make_registry
from .selections_data import build_rounds, experts

# the narrowest scopes first: their pages carry the buttons for doing things
ROLES = ("secretary", "unit_admin", "member_user", "zone_lead", "dept", "committee",
         "sysadmin", "security", "auditor")
SKIP = re.compile(r"/logout|/export|/download|\.xlsx|\.docx|/imports/template/|/attachments/|/reveal/|/delete/|/cancel/|/end/|/withdraw/")
MAX_PAGES = 200  # per role, a guard: reaching it fails the test rather than hiding pages


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
    # the three-ones lists: one due soon with a note, one contact branch, one past its date
    pledge = commitments.commitment_create(
        user=reg.secretary, org=reg.branch_a1, kind="pledge", year=today.year, owner=reg.members_a1[0],
        text="每月走访困难党员群众", due_on=min(today + timedelta(days=5), date(today.year, 12, 31)))
    commitments.progress_note_add(user=reg.secretary, commitment=pledge, text="已走访 3 户", status="in_progress")
    commitments.commitment_create(user=reg.unit_admin, org=reg.oc_a, kind="contact", year=today.year,
                                  owner=reg.members_a1[1], text="指导第二党支部换届", due_on=date(today.year, 12, 31),
                                  contact_branch=reg.branch_a2)
    project = commitments.commitment_create(user=reg.secretary, org=reg.branch_a1, kind="project", year=today.year,
                                            owner=reg.members_a1[0], text="营商环境项目", due_on=date(today.year, 12, 31))
    type(project).objects.filter(pk=project.pk).update(due_on=today - timedelta(days=10))
    # background jobs (no worker runs here): one waiting, its page polling, and one failed
    jobs.job_start(user=reg.committee, kind="assessment_tables", params={"scheme": _scheme.pk}, scope="日常考核")
    jobs.job_fail(job=jobs.job_start(user=reg.committee, kind="registry_export", params={"kind": "orgs"}),
                  error="你已没有完成此任务的权限，任务未执行。")
    _brands_and_challenges(reg, today)
    # rectifications 组织部 raised with unit A: one overdue, one reported done (verify/send-back forms)
    rect = dict(user=reg.dept, department=reg.department, unit=reg.unit_a, source="inspection",
                measures="修订制度并印发", owner="张某 办公室主任")
    problem_create(raised_on=today - timedelta(days=60), deadline=today - timedelta(days=5),
                   description="巡察反馈：党组议事规则未及时修订", **rect)
    done = problem_create(raised_on=today - timedelta(days=30), deadline=today + timedelta(days=30),
                          description="自查发现：支部委员分工未及时调整", org=reg.branch_a1, **rect)
    problem_report_done(user=reg.unit_admin, problem=done, note="支委会已重新明确分工")
    build_rounds(experts(reg), today)      # selection rounds: open, in review, in notice, closed
    return reg


def _brands_and_challenges(reg, today):
    """A unit's and a branch's brand with an honour and a case; open challenges open, closed
    (the appoint form), and running with unit A as lead (the milestone and review forms)."""
    from dangjian.brands import services as brands
    from dangjian.challenges import services as challenges
    from dangjian.challenges.models import Application, ChallengeProject, Milestone

    brand = brands.brand_register(user=reg.unit_admin, unit=reg.unit_a, name="发改红帆", meaning="服务发展",
                                  history="2021 年创立")
    brands.brand_register(user=reg.secretary, org=reg.branch_a1, name="红帆先锋", meaning="支部品牌")
    brands.honour_record(user=reg.committee, brand=brand, title="首届全国机关党建优秀品牌", awarded_by="中央和国家机关工委",
                         level="national", awarded_on=today - timedelta(days=30))
    brands.brand_case_create(user=reg.unit_admin, brand=brand, title="党建与业务融合", year=today.year, text="做法与成效")
    project = challenges.challenge_publish(user=reg.committee, title="数字赋能机关党建", description="说明",
                                           apply_by=today + timedelta(days=10), starts_on=today + timedelta(days=40))
    challenges.application_submit(user=reg.unit_admin, project=project, unit=reg.unit_a, plan="揭榜方案")
    closed = ChallengeProject.objects.create(title="清廉机关建设示范点", description="说明",
                                             apply_by=today - timedelta(days=3), starts_on=today + timedelta(days=20))
    Application.objects.create(project=closed, unit=reg.unit_b, plan="方案")
    running = ChallengeProject.objects.create(title="党建引领优化营商环境", description="说明", decided="appointed",
                                              lead_unit=reg.unit_a, apply_by=today - timedelta(days=60),
                                              starts_on=today - timedelta(days=30))
    Milestone.objects.create(project=running, title="形成实施方案", due_on=today + timedelta(days=10))


def session_cookie(user, base_url):
    """A signed-in session for ``user``, as the browser would hold it after the sign-in form."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": base_url}


def url_shape(url):
    """A page's kind: its path with the numbers taken out (a filter or page number shows the same
    template, so the query does not count), a record form by its kind's variant."""
    return record_form_shape(admin_shape(re.sub(r"\d+", "N", urlsplit(url).path)))


# A record form differs by its kind only in the fields its category, study form and vote add
# (records/forms.py) and in a help text: one form of each variant is checked, not one per kind.
RECORD_FORM = re.compile(r"^/records/org/N/new/([\w-]+)/$")
FORM_VARIANTS = {}     # kind code -> its variant, filled from the kinds once the site is built


def record_form_shape(shape):
    match = RECORD_FORM.match(shape)
    if not match:
        return shape
    return f"/records/org/N/new/<{FORM_VARIANTS[match.group(1)]}>/"


def record_form_variants():
    return {k.code: f"{k.category} form={k.asks_form} vote={k.takes_vote}" for k in ActivityKind.objects.all()}


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
            settle_admin(page, url)
            problems = check_page(page)
            links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        else:
            response = page.context.request.get(url)
            problems = []
            links = [urljoin(url, html.unescape(href)) for href in LINK.findall(response.text())]
        checked.add(shape)
        yield url, ([] if response.ok else [f"answers {response.status}"]) + problems
        for link in links:
            link = link.split("#")[0]
            if link.startswith(base_url + "/") and follows(link[len(base_url):]) and url_shape(link) not in seen:
                queue.append(link)
    left = {url_shape(url) for url in queue} - seen
    if left:
        yield base_url + "/", [f"crawl stopped at {MAX_PAGES} pages before {sorted(left)[:5]}: raise MAX_PAGES"]


# --- Django's admin site (the committee's and the system admin's configuration screens) ---------
# Followed from /admin/ into each model's list, one change form, the add form; its history, delete
# confirmation, password and app pages share one template each, so one of each kind is checked.
ADMIN_SKIP = re.compile(r"^/admin/(logout|r)/|^/admin/password_change/")
ADMIN_ONE_OF_A_KIND = re.compile(r"^/admin/\w+/\w+/N/(history|delete|password)/$|^/admin/\w+/$")


ADMIN_SCREENS = {"/admin/orgs/partyorg/", "/admin/orgs/partyorg/N/change/", "/admin/orgs/partyorg/add/",
                 "/admin/accounts/membership/add/", "/admin/accounts/user/N/change/", "/admin/*/",
                 "/admin/*/*/N/history/", "/admin/*/*/N/delete/", "/admin/*/*/N/password/"}


def admin_shape(shape):
    """Admin pages of one kind and many models are one shape (one object's history is enough)."""
    match = ADMIN_ONE_OF_A_KIND.match(shape)
    if not match or shape == "/admin/":
        return shape
    return f"/admin/*/*/N/{match.group(1)}/" if match.group(1) else "/admin/*/"


def follows(path):
    """Whether the crawl follows a same-site link: nothing that signs out, downloads or changes
    data (an admin delete link only asks to confirm, so it is followed)."""
    if path.startswith("/admin/"):
        return not ADMIN_SKIP.search(path)
    return not SKIP.search(path)


AUTOCOMPLETES_BUILT = """() => [...document.querySelectorAll("select.admin-autocomplete:not([name*=__prefix__])")]
    .every(s => s.nextElementSibling && s.nextElementSibling.classList.contains("select2"))"""


def settle_admin(page, url):
    """On an admin form, wait for select2 to build its boxes (it starts after the page's load event
    may have come), so axe-core checks what a person meets."""
    if "/admin/" in url:
        page.wait_for_function(AUTOCOMPLETES_BUILT, timeout=5000)


def watch_page_csp(page):
    """Like watch_csp, but only what the page itself does: axe-core, injected by this test, re-reads
    every @import-ed stylesheet (Django admin's forms.css imports widgets.css) as an inline <style>,
    which the policy blocks. Its reports carry no address; the page's own carry the page's or the
    script's."""
    violations = []
    page.on("console", lambda msg: violations.append(f"{msg.location.get('url')}: {msg.text}")
            if "Content Security Policy" in msg.text and msg.location.get("url") else None)
    return violations


def add_admin_rows(reg):
    """A row in each admin list that has none yet, so its list and change form are crawled."""
    from dangjian.front.models import Feedback
    from dangjian.orgs.models import CountyCommittee
    Feedback.objects.create(user=reg.member_user, text="希望增加学习资料下载。")
    CountyCommittee.objects.create(name="某县直机关工委")


# --- 200% zoom (WCAG 1.4.4, 1.4.10) ---------------------------------------------------------------
# check_page already asks every page for no sideways scrolling at 683 CSS px (a 1366 px laptop at
# 200%). A few main pages, where people read and write most, are also asked at 640 CSS px (a 1280 px
# desktop at 200%) that no text is cut off by a box that hides what overflows it.
ZOOM = {"width": 640, "height": 400}
ZOOM_PAGES = {"committee": ["/", "/members/", "/records/picture/", "/tree/", "/admin/orgs/partyorg/add/"],
              "secretary": ["/", "/records/org/{branch}/new/theme_day/"]}
CLIPPED = """() => [...document.querySelectorAll("body *")].filter(e => {
    const s = getComputedStyle(e);
    const hides = ["hidden", "clip"].includes(s.overflowX) || s.textOverflow === "ellipsis";
    const visible = e.offsetParent !== null && e.clientWidth > 1;  // not a 1 px label for screen readers
    return hides && visible && e.scrollWidth > e.clientWidth + 1 && e.innerText.trim();
}).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""))"""


def zoom_problems(browser, base_url, reg):  # noqa: F811
    problems = []
    for role, paths in ZOOM_PAGES.items():
        context = browser.new_context(locale="zh-CN", viewport=ZOOM)
        context.add_cookies([session_cookie(getattr(reg, role), base_url)])
        page = context.new_page()
        for path in paths:
            path = path.format(branch=reg.branch_a1.pk)
            response = page.goto(base_url + path)
            settle_admin(page, path)
            overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
            problems += [f"{role} {path} at 200%: answers {response.status}"] if not response.ok else []
            problems += [f"{role} {path} at 200%: scrolls sideways by {overflow}px"] if overflow > 0 else []
            problems += [f"{role} {path} at 200%: text cut off in {box}" for box in page.evaluate(CLIPPED)]
        context.close()
    return problems


@pytest.mark.e2e
@pytest.mark.slow
def test_every_reachable_page_passes_axe_at_both_widths(live_server, browser):  # noqa: F811
    reg = build_site()
    add_admin_rows(reg)
    FORM_VARIANTS.update(record_form_variants())
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
        csp = watch_page_csp(page)
        visited[role] = 0
        for url, problems in crawl(page, live_server.url, checked):
            visited[role] += 1
            failures += [f"{role} {url[len(live_server.url):]}: {p}" for p in problems]
        failures += [f"{role}: CSP {text}" for text in csp]
        context.close()
        print(role, visited[role], "pages", round(time.monotonic() - started, 1), "s")
    print("pages per role:", visited, "shapes checked by axe:", len(checked))
    failures += zoom_problems(browser, live_server.url, reg)
    assert failures == [], "\n".join(failures)
    assert visited["committee"] >= 20 and min(visited.values()) >= 3, visited  # each really signed in
    assert ADMIN_SCREENS <= checked, ADMIN_SCREENS - checked  # the admin crawl got past its index
    forms = {shape for shape in checked if shape.startswith("/records/org/N/new/<")}
    assert len(forms) == len(set(FORM_VARIANTS.values())) > 1, forms      # every variant of the record form
