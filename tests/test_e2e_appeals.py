"""The appeal and snapshot pages in a real browser: axe-core WCAG 2.1 A/AA at desktop and phone
width, no sideways scrolling, no Content-Security-Policy violation (as tests/test_e2e_a11y.py
does for the pages the crawl reaches from the menus)."""
from datetime import date

import pytest
from django.urls import reverse

from dangjian.accounts.models import Department, Role
from dangjian.assessment.models import AssessedBody
from dangjian.assessment.services import assessed_bodies_sync, ledger_entry_create
from dangjian.assessment.services_appeals import appeal_open, appeal_reply

from .e2e_support import browser, check_page, restore_default_rows, watch_csp  # noqa: F401  (fixture)
from .factories import make_registry, make_user
from .test_assessment_services import build_scheme
from .test_e2e_a11y import session_cookie


@pytest.mark.e2e
def test_the_appeal_pages_pass_the_accessibility_checks(live_server, transactional_db, browser):
    restore_default_rows()
    r = make_registry()
    r.discipline = Department.objects.create(name="纪委监委")
    discipline = make_user("dept_jw", Role.DEPARTMENT, department=r.discipline)
    assessed_bodies_sync()
    scheme, ind = build_scheme(r)
    body = AssessedBody.objects.get(unit=r.unit_a)
    entry = ledger_entry_create(user=discipline, indicator=ind["E4"], body=body, fact="巡察反馈问题整改逾期",
                                case_ref="纪案〔2026〕1号", occurred_on=date(2026, 3, 5))
    other = ledger_entry_create(user=discipline, indicator=ind["E4"], body=body, fact="审计问题整改逾期",
                                case_ref="纪案〔2026〕2号", occurred_on=date(2026, 4, 5))
    appeal = appeal_open(user=r.unit_admin, entry=entry, reason="已按期整改，附整改报告")
    appeal_reply(user=discipline, appeal=appeal, text="已收到，正在核实整改材料。")
    pages = [
        (discipline, reverse("appeals:inbox")), (discipline, reverse("appeals:detail", args=[appeal.pk])),
        (r.unit_admin, reverse("appeals:open", args=[other.pk])), (r.committee, reverse("appeals:snapshots")),
    ]
    problems = []
    for user, path in pages:
        context = browser.new_context()
        context.add_cookies([session_cookie(user, live_server.url)])
        page = context.new_page()
        csp = watch_csp(page)
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        problems += [f"{path}: {p}" for p in check_page(page) + csp]
        context.close()
    assert not problems, "\n".join(problems)
