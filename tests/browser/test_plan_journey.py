"""My plan in a browser: started from a role page, ticked with and without JavaScript."""

import pytest

from roles.models import RoadmapStep
from roles.plan.models import Plan, PlanStep

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hours(sample_content):
    RoadmapStep.objects.filter(role__slug="ml-engineer").update(hours=10)


def test_start_a_plan_and_tick_a_step_with_javascript(page, live_server, hours, screenshot):
    page.goto(live_server.url + "/roles/ml-engineer/")
    page.get_by_role("button", name="Start my plan").click()
    page.wait_for_url("**/plan/*/")
    plan = Plan.objects.get()
    assert page.url == live_server.url + plan.get_absolute_url()
    assert page.get_by_text("0 of 6 steps done").is_visible()
    page.locator(".plan-step").first.get_by_label("Done").check()
    page.get_by_text("1 of 6 steps done").wait_for()
    assert page.get_by_role("status").filter(has_text="Saved.").count() == 1
    assert list(PlanStep.objects.values_list("status", flat=True)) == ["done"]
    assert page.get_by_text("About 50 hours left").is_visible()
    screenshot(page, "plan-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "plan-phone")


def test_plan_works_without_javascript(browser, live_server, hours):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/roles/ml-engineer/")
    page.get_by_role("button", name="Start my plan").click()
    page.locator(".plan-step").nth(1).get_by_label("Known already").check()
    page.get_by_label("Hours a week you can give").fill("20")
    page.get_by_role("button", name="Save my plan").click()
    assert page.get_by_text("1 of 6 steps done").is_visible()
    assert page.get_by_text("about 3 weeks at 20 hours a week", exact=False).is_visible()
    context.close()


def test_a_plan_started_from_a_path_has_its_known_steps_marked_and_a_copy_link(browser, live_server, sample_content):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/paths/data-scientist/")
    page.get_by_role("button", name="Start a plan for ML Engineer").click()
    page.wait_for_url("**/plan/*/")
    assert page.get_by_text("3 of 6 steps done").is_visible()
    assert page.locator(".plan-step").first.get_by_label("Known already").is_checked()
    # This week: the first step left (70 hours) gets the 5 hours of a week.
    this_week = page.locator("#this-week")
    assert "Deep learning with PyTorch" in this_week.inner_text() and "5 of its 70 hours" in this_week.inner_text()
    # The step's content opens in place.
    page.locator(".plan-step").nth(3).get_by_text("What this step covers").click()
    assert page.get_by_text("Write a training loop yourself").is_visible()
    # Saving as the visitor types updates this week without a reload.
    page.get_by_label("Hours a week you can give").fill("80")
    page.get_by_label("Hours a week you can give").blur()
    page.get_by_role("status").filter(has_text="Saved.").wait_for()
    assert "the whole step, 70 hours" in page.locator("#this-week").inner_text()
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    context.close()
