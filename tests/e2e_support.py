"""What the browser tests share: the system Chromium (never a download), signing in, axe-core
(bundled by axe-playwright-python) and the checks every page must pass at both widths."""
import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API keeps an event loop in this thread

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from .factories import PASSWORD  # noqa: E402
from .shared_data import restore_default_rows  # noqa: E402,F401  (the browser tests import it from here)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ZOOMED = {"width": 683, "height": 384}  # a 1366 x 768 laptop at 200% zoom
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
# Rules that read the document's head, its attributes or its stylesheets, never which elements the
# width lays out or hides: their answer at one width is their answer at every width, so a page
# checked at both widths runs them once. (css-orientation-lock re-fetches every stylesheet, and
# no-autoplay-audio preloads media: a third of a run's time.)
SAME_AT_EVERY_WIDTH = ("css-orientation-lock", "no-autoplay-audio", "document-title", "html-has-lang",
                       "html-lang-valid", "html-xml-lang-mismatch", "meta-refresh", "meta-viewport",
                       "avoid-inline-spacing", "blink", "marquee")
LAYOUT_OPTIONS = {**AXE_OPTIONS, "preload": False,
                  "rules": {rule: {"enabled": False} for rule in SAME_AT_EVERY_WIDTH}}

AXE_SCRIPT = Axe().axe_script  # axe-core as bundled by axe-playwright-python


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per module; each test opens its own context (cookies apart)."""
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install the distribution's chromium package (apt-get install chromium); "
        "this test never downloads a browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def sign_in(page, base_url, username, password=PASSWORD):
    page.goto(base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    expect(page.locator("main h1").first).to_have_text("首页")


def open_menu(page):
    """Open the folded top menu (phone width) and return its links."""
    toggle = page.locator("button.menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    return page.locator("nav.nav a")


def watch_csp(page):
    """A list that collects every Content-Security-Policy violation the page reports."""
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def axe_violations(page, options=AXE_OPTIONS):
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", options)
    lines = []
    for v in results["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({len(v['nodes'])}): {'; '.join(targets)}")
    return lines


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the window (0 when it needs no sideways scroll)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def check_page(page):
    """Problems on the loaded page: axe-core at desktop and phone width, and sideways scrolling at
    phone width and at a 1366 px laptop zoomed to 200% (683 CSS px, the desktop layout at its
    narrowest: WCAG 1.4.4 and 1.4.10). Leaves the phone size set."""
    problems = []
    for size, axe in ((DESKTOP, AXE_OPTIONS), (ZOOMED, None), (PHONE, LAYOUT_OPTIONS)):
        page.set_viewport_size(size)
        if axe:
            problems += [f"{size['width']}px {line}" for line in axe_violations(page, axe)]
        overflow = horizontal_overflow(page)
        if overflow > 0:
            problems.append(f"{size['width']}px scrolls sideways by {overflow}px")
    return problems
