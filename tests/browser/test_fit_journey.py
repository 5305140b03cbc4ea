"""A visitor takes the role-fit questionnaire in Chromium; an editor reads the Calibration page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from roles.fit import services
from roles.fit.models import Result
from tests.browser.conftest import DESKTOP, PHONE
from tests.fit.personas import PERSONAS, answers_of

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


def test_visitor_fills_the_questionnaire_and_reads_the_result(live_server, browser, sample_content, screenshot):
    answers = list(persona_answers(FDE_MIX).items())
    for name, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/")
        if name == "phone":
            page.get_by_text("Menu").click()
        page.get_by_role("link", name="Find your fit").first.click()
        assert page.url == live_server.url + "/fit/"
        progress = page.locator("[data-fit-progress-label]")
        assert progress.inner_text() == "0 of 17 answered"  # shown by static/js/fit.js
        answer(page, dict(answers[:5]))
        assert progress.inner_text() == "5 of 17 answered"
        assert_accessible(page)
        screenshot(page, f"fit-questionnaire-{name}")
        answer(page, dict(answers[5:]))
        page.get_by_role("button", name="See my results").click()
        page.wait_for_url(re.compile(r"/fit/[0-9a-f-]{36}/$"))
        assert page.locator("h1").inner_text() == "Your closest fit: Forward Deployed Engineer"
        ranked = page.locator(".fit-rank-name").all_inner_texts()
        assert ranked[:2] == ["Forward Deployed Engineer", "AI Engineer"] and len(ranked) == 5
        assert page.get_by_role("img", name=re.compile("Each line runs from 1")).is_visible()
        page.get_by_text("Show the figures as a table").click()
        assert page.get_by_role("table", name=re.compile("Your rating and each role")).is_visible()
        assert page.get_by_text("Forward Deployed Engineers spend most days with customers").is_visible()
        assert page.get_by_role("heading", name="Your next step").is_visible()
        assert page.get_by_text("Try it this week").is_visible()
        assert_accessible(page)
        screenshot(page, f"fit-result-{name}")
        # Reloading shows the same result and stores nothing new (Post/Redirect/Get).
        count = Result.objects.count()
        page.reload()
        assert page.locator(".fit-rank-name").all_inner_texts() == ranked
        assert Result.objects.count() == count
        context.close()


def test_questionnaire_works_without_javascript_and_a_close_result_says_so(
    live_server, browser, sample_content, screenshot
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/fit/")
    assert not page.locator("[data-fit-progress]").is_visible()
    answer(page, {item["id"]: 3 for item in services.live_snapshot().content["items"]})
    page.get_by_role("button", name="See my results").click()
    page.wait_for_url(re.compile(r"/fit/[0-9a-f-]{36}/$"))
    assert page.locator("h1").inner_text().startswith("Too close to call:")
    assert page.get_by_role("heading", name=re.compile("less than 5 points apart")).is_visible()
    screenshot(page, "fit-result-close-phone")
    context.close()


def test_missing_answers_are_marked_in_the_browser(live_server, page, sample_content, screenshot):
    page.goto(live_server.url + "/fit/")
    answers = list(persona_answers(PERSONAS[0]).items())
    answer(page, dict(answers[:15]))
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
    screenshot(page, "fit-admin-calibration-desktop")
    page.goto(live_server.url + "/admin/fit/item/")
    screenshot(page, "fit-admin-items-desktop")
