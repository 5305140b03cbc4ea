"""A visitor takes the role-fit questionnaire in Chromium at 390 px in both colour schemes; an editor
reads the Calibration page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from roles.fit import services
from roles.fit.models import Result
from tests.fit.personas import PERSONAS, answers_of
from tests.fit.test_views import tie_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FDE_MIX = next(persona for persona in PERSONAS if persona.name == "Customers plus AI engineering")


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def answer(page, answers):
    """Tick the radio for each {item id: 1-5} (Django numbers the radios from 0)."""
    for item_id, value in answers.items():
        page.locator(f"#id_i{item_id}_{value - 1}").check()


def persona_answers(persona):
    return answers_of(persona, services.live_snapshot().content)


NARROW = {"width": 390, "height": 844}

# WCAG contrast of a chart element's colour (SVG fill or stroke) against the page, in the browser.
CONTRAST = """([selector, property]) => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const page = lum(rgb(getComputedStyle(document.body).backgroundColor));
  return [...document.querySelectorAll(selector)].map((el) => {
    const own = lum(rgb(getComputedStyle(el)[property]));
    return (Math.max(own, page) + 0.05) / (Math.min(own, page) + 0.05);
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_visitor_takes_the_questionnaire_on_a_phone_and_starts_a_plan(
    live_server, browser, sample_content, screenshot, scheme
):
    answers = list(persona_answers(FDE_MIX).items())
    context = browser.new_context(viewport=NARROW, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/")
    page.get_by_text("Menu").click()
    page.get_by_role("link", name="Find your fit").first.click()
    assert page.url == live_server.url + "/fit/"
    progress = page.locator("[data-fit-progress-label]")
    assert progress.inner_text() == "0 of 18 answered"  # shown by static/js/fit.js
    answer(page, dict(answers[:6]))
    assert progress.inner_text() == "6 of 18 answered"
    # A compact scale: one row of five points per statement, about a screen for each part of six.
    boxes = [page.locator(f"#id_i{answers[0][0]}_{n}").bounding_box() for n in range(5)]
    assert len({round(box["y"]) for box in boxes}) == 1
    part = page.locator(".fit-group").first.bounding_box()
    assert part["height"] <= 3 * NARROW["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert_accessible(page)
    screenshot(page, f"fit-questionnaire-390-{scheme}")
    answer(page, dict(answers[6:]))
    page.get_by_role("button", name="See my results").click()
    page.wait_for_url(re.compile(r"/fit/[0-9a-f-]{36}/$"))
    assert page.locator("h1").inner_text() == "Your closest fit: Forward Deployed Engineer"
    # The next step and its plan button are on the first screen.
    button = page.get_by_role("button", name="Start a plan for this lane")
    assert button.bounding_box()["y"] + button.bounding_box()["height"] <= NARROW["height"]
    ranked = page.locator(".fit-rank-name").all_inner_texts()
    assert ranked[:2] == ["Forward Deployed Engineer", "AI Engineer"] and len(ranked) == 5
    assert page.get_by_role("img", name=re.compile("0 is your own average")).is_visible()
    # Chart labels and ticks readable (AA for text), markers at 3:1, in this scheme.
    assert min(page.evaluate(CONTRAST, [".fit-chart-label, .fit-chart-tick", "fill"])) >= 4.5
    assert min(page.evaluate(CONTRAST, [".fit-profile-chart .fit-mark-you", "fill"])) >= 3
    assert min(page.evaluate(CONTRAST, [".fit-profile-chart .fit-mark-first", "stroke"])) >= 3
    assert min(page.evaluate(CONTRAST, [".fit-profile-chart .fit-mark-second", "fill"])) >= 3
    # Markers of the same row never sit on one another: the lanes' above and below the visitor's.
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.fit-profile-chart circle')].map((c) => Number(c.getAttribute('cy')))"""
    )
    squares = page.evaluate(
        """() => [...document.querySelectorAll('.fit-profile-chart rect')].map((r) => Number(r.getAttribute('y')))"""
    )
    assert all(square < row - 5 for square, row in zip(squares, rows, strict=True))
    page.get_by_text("Show the figures as a table").click()
    assert page.get_by_role("table", name=re.compile("Where you and each lane stand")).is_visible()
    assert_accessible(page)
    screenshot(page, f"fit-result-390-{scheme}")
    # Reloading shows the same result and stores nothing new (Post/Redirect/Get).
    count = Result.objects.count()
    page.reload()
    assert page.locator(".fit-rank-name").all_inner_texts() == ranked
    assert Result.objects.count() == count
    page.get_by_role("button", name="Start a plan for this lane").click()
    page.wait_for_url(re.compile(r"/plan/[0-9a-f-]{36}/$"))
    assert "Forward Deployed Engineer" in page.locator("h1").inner_text()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_javascript_a_tie_shows_both_lanes_and_straight_answers_name_none(
    live_server, browser, sample_content, screenshot, scheme
):
    context = browser.new_context(viewport=NARROW, java_script_enabled=False, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + "/fit/")
    assert not page.locator("[data-fit-progress]").is_visible()
    assert page.get_by_role("heading", name=re.compile("Part 1 of 3")).is_visible()
    content = services.live_snapshot().content
    answer(page, tie_answers(content))
    page.get_by_role("button", name="See my results").click()
    page.wait_for_url(re.compile(r"/fit/[0-9a-f-]{36}/$"))
    assert page.locator("h1").inner_text().startswith("Two lanes fit you equally:")
    assert "ahead" not in page.content().lower()
    assert page.get_by_role("button", name="Start a plan for this lane").count() == 2
    screenshot(page, f"fit-result-tie-390-{scheme}")
    page.goto(live_server.url + "/fit/")
    answer(page, {item["id"]: 5 for item in content["items"]})
    page.get_by_role("button", name="See my results").click()
    page.wait_for_url(re.compile(r"/fit/[0-9a-f-]{36}/$"))
    assert page.locator("h1").inner_text() == "Your answers do not point to a lane"
    assert page.get_by_role("button", name="Start a plan for this lane").count() == 0
    screenshot(page, f"fit-result-little-390-{scheme}")
    context.close()


def test_missing_answers_are_marked_in_the_browser(live_server, page, sample_content, screenshot):
    page.goto(live_server.url + "/fit/")
    answers = list(persona_answers(PERSONAS[0]).items())
    answer(page, dict(answers[:16]))
    # Skip the browser's own required-field check to reach the server's answer.
    page.locator("form[data-fit-form]").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="See my results").click()
    expect(page.get_by_role("heading", name="2 statements still need an answer")).to_be_visible()
    item_id, value = answers[0]
    assert page.locator(f"#id_i{item_id}_{value - 1}").is_checked()
    assert page.locator(".fit-question-missing").count() == 2
    assert page.evaluate("document.activeElement.hasAttribute('data-fit-errors')")
    assert_accessible(page)
    screenshot(page, "fit-missing-answers-desktop")


def test_editor_reads_the_calibration_page(live_server, page, sample_content, screenshot, django_user_model):
    from django.contrib.auth.models import Permission

    # Give this editor the fit rights directly: the test is about the page, not the group.
    user = django_user_model.objects.create_user("fit-editor", password="a-long-test-password", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="fit"))
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("fit-editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/fit/snapshot/")
    assert page.get_by_text("Every role can come first").is_visible()
    assert page.get_by_role("heading", name=re.compile("What 10,000 random answer sheets do")).is_visible()
    assert page.get_by_role("heading", name="Why each target is what it is").is_visible()
    screenshot(page, "fit-admin-calibration-desktop")
    page.goto(live_server.url + "/admin/fit/item/")
    screenshot(page, "fit-admin-items-desktop")
