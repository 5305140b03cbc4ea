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
