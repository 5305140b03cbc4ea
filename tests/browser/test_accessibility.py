"""Every public page: no serious or critical axe-core violation, readable at 320 px, usable by keyboard.

Screenshots of each page at phone and desktop width land in artifacts/screenshots/.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import CURATED_TRIO_PATH

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = {
    "hub": "/",
    "roles": "/roles/",
    "role": "/roles/ai-engineer/",
    "compare-pick": "/compare/",
    "compare-three": CURATED_TRIO_PATH,
    "compare-not-found": "/compare/ai-engineer-vs-astronaut/",
    "fit": "/fit/",
    "paths": "/paths/",
    "path": "/paths/backend-developer/",
    "interviews": "/interviews/",
    "interview-guide": "/interviews/forward-deployed-engineer/",
    "certifications": "/certifications/",
    "certification-retired": "/certifications/ai-102/",
    "certification": "/certifications/google-cloud-professional-ml-engineer/",
    "newsletter": "/newsletter/",
    "newsletter-archive": "/newsletter/issues/",
    "newsletter-issue": "/newsletter/issues/1/",
}

axe = Axe()


def serious_violations(page):
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def a11y_page(browser):
    # axe is injected with page.evaluate; bypass_csp lets it run under our strict CSP.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_accessible_and_fits_small_screens(name, live_server, a11y_page, sample_content, screenshot):
    page = a11y_page
    response = page.goto(live_server.url + PUBLIC_PAGES[name])
    assert response.status < 500
    assert serious_violations(page) == []
    screenshot(page, f"{name}-desktop")

    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    assert serious_violations(page) == []

    page.set_viewport_size({"width": 320, "height": 700})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"


@pytest.mark.parametrize("name", ["hub", "role", "certification"])
def test_keyboard_reaches_main_content_first(name, live_server, a11y_page, sample_content):
    page = a11y_page
    page.goto(live_server.url + PUBLIC_PAGES[name])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
