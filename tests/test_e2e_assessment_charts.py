"""The score card's and the division tables' charts in a real browser: drawn (a box of their own)
at phone and desktop width, axe-core clean, no sideways scrolling, no CSP violation."""
import pytest
from django.urls import reverse

from .assessment_builder import add_discipline, body_of, build_scheme, enter
from .e2e_support import DESKTOP, PHONE, browser, check_page, restore_default_rows, watch_csp  # noqa: F401
from .factories import make_registry
from .test_e2e_a11y import session_cookie


def chart_boxes(page):
    return [page.locator("svg.chart-svg").nth(i).bounding_box() for i in range(page.locator("svg.chart-svg").count())]


@pytest.mark.e2e
def test_the_card_and_tables_charts_are_drawn_at_both_widths(live_server, transactional_db, browser):
    restore_default_rows()
    r = add_discipline(make_registry())
    scheme, ind = build_scheme(r)
    scheme.title = "市直机关党建工作日常考核（含清廉机关建设专项考评）"   # a long name in the scheme picker
    scheme.save(update_fields=["title"])
    a = body_of(r.unit_a)
    enter(r.discipline_user, ind["E1"], a, severity="admonition", case_ref="纪案1", fact="违纪")
    enter(r.dept, ind["G1"], body_of(r.unit_b), points="5", fact="融合项目评审")
    pages = [(r.unit_admin, reverse("assessment:card", args=[a.pk]), 2),
             (r.committee, reverse("assessment:tables"), 1)]
    problems = []
    for user, path, charts in pages:
        context = browser.new_context(viewport=DESKTOP)
        context.add_cookies([session_cookie(user, live_server.url)])
        page = context.new_page()
        csp = watch_csp(page)
        assert page.goto(f"{live_server.url}{path}?scheme={scheme.pk}").status == 200, path
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            boxes = chart_boxes(page)
            assert len(boxes) == charts, (path, size)
            assert all(b and b["width"] > 100 and b["height"] > 50 for b in boxes), (path, size, boxes)
            assert all(b["x"] >= 0 and b["x"] + b["width"] <= size["width"] for b in boxes), (path, size, boxes)
        problems += [f"{path}: {p}" for p in check_page(page) + csp]
        context.close()
    assert not problems, "\n".join(problems)
