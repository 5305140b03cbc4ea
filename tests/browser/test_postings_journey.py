"""A visitor pastes a job posting in Chromium, with and without JavaScript, at phone and desktop widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from roles.postings import calibration, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def fresh_reader():
    services._reader_of.cache_clear()
    yield
    services._reader_of.cache_clear()


def mistitled_posting():
    return next(
        p["text"]
        for p in calibration.labelled_postings()
        if p["note"].startswith("titled AI Engineer; the work is training")
    )


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("javascript", [True, False])
def test_visitor_pastes_a_posting_and_reads_which_lane_it_is(
    live_server, browser, sample_content, screenshot, javascript
):
    for name, viewport in [("desktop", DESKTOP), ("phone", PHONE_390)]:
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Read a posting").click()
        assert page.url == live_server.url + "/job-posting/"
        if javascript:
            assert_accessible(page)
            screenshot(page, f"postings-form-{name}")
        page.get_by_label("The job posting").fill(mistitled_posting())
        page.get_by_role("button", name="Read this posting").click()
        assert page.locator("h1").inner_text() == "This posting reads as ML Engineer work"
        lanes = page.locator("[data-lane]").evaluate_all("els => els.map(e => e.dataset.lane)")
        assert lanes[0] == "ml-engineer" and len(lanes) == 5
        assert page.get_by_text("Titled “AI Engineer”, which names AI Engineer").is_visible()
        assert page.locator("mark.posting-mark-work").count() > 10
        if javascript:
            assert_accessible(page)
            screenshot(page, f"postings-result-{name}")
        page.get_by_role("link", name="Compare ML Engineer with AI Engineer").click()
        assert "/compare/" in page.url
        context.close()


def test_too_little_to_go_on_and_an_empty_form(live_server, page, sample_content, screenshot):
    page.goto(live_server.url + "/job-posting/")
    page.get_by_role("button", name="Read this posting").click()
    assert page.get_by_text("the box was empty").is_visible()
    page.get_by_label("The job posting").fill("Bonjour\nNous cherchons quelqu'un de sympathique.")
    page.get_by_role("button", name="Read this posting").click()
    assert page.locator("h1").inner_text() == "Too little to go on"
    assert page.locator("[data-lane]").count() == 0
    screenshot(page, "postings-too-little-desktop")
