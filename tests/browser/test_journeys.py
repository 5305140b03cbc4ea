"""Whole journeys in Chromium: a newcomer from the hub to a confirmed subscription, and an
editor whose change in the admin shows on the public site."""

import re

import pytest
from django.core import mail

from newsletter.models import Subscriber
from roles.models import Role
from tests.browser.test_fit_journey import answer, persona_answers
from tests.browser.test_newsletter_journey import link_in
from tests.factories import CURATED_TRIO_PATH, ensure_editors_group
from tests.fit.personas import PERSONAS

from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_newcomer_compares_takes_the_questionnaire_opens_the_certification_and_subscribes(
    live_server, page, sample_content, screenshot
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Compare roles").click()
    for name in ["AI Engineer", "ML Engineer", "GenAI Developer"]:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Compare").click()
    assert page.url == live_server.url + CURATED_TRIO_PATH
    assert page.locator("table.table-compare th[scope=row]", has_text="First certification").count() == 1

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find your fit").click()
    answer(page, persona_answers(next(p for p in PERSONAS if p.expected == "ml-engineer")))
    page.get_by_role("button", name="See my results").click()
    page.wait_for_url(re.compile(r"/fit/[0-9a-f-]{36}/$"))
    assert page.locator("h1").inner_text() == "Your closest fit: ML Engineer"
    screenshot(page, "journey-fit-result-desktop")

    next_step = page.locator("section, aside, div").filter(has_text="Your next step").last
    next_step.get_by_role("link", name=re.compile("Machine Learning Engineer")).click()
    page.wait_for_url(live_server.url + "/certifications/google-cloud-professional-ml-engineer/")
    assert "Machine Learning Engineer" in page.locator("h1").inner_text()

    footer = page.locator("footer")
    footer.get_by_label("Email address").fill("newcomer@example.com")
    footer.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    [confirmation] = mail.outbox
    page.goto(live_server.url + link_in(confirmation, "confirm"))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("newcomer@example.com", "confirmed")


def test_editor_logs_in_edits_a_role_and_sees_the_change(live_server, browser, sample_content, django_user_model):
    editor = django_user_model.objects.create_user("journey-editor", password="a-long-test-password", is_staff=True)
    editor.groups.add(ensure_editors_group())
    role = Role.objects.get(slug="forward-deployed-engineer")

    visitor = browser.new_context(viewport=DESKTOP).new_page()
    visitor.goto(live_server.url + "/roles/forward-deployed-engineer/")  # now in the page cache
    assert "Embedded with customers" not in visitor.content()

    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("journey-editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Roles", exact=True).first.click()
    page.locator("#result_list").get_by_role("link", name="Forward Deployed Engineer", exact=True).click()
    page.locator("#id_summary").fill("Embedded with customers, shipping AI that solves their real problem.")
    page.once("dialog", lambda dialog: dialog.accept())  # "publish now?" on a published role
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.get_by_text("was changed successfully").wait_for()

    for viewer in (page, visitor):
        viewer.goto(live_server.url + role.get_absolute_url())
        assert "Embedded with customers, shipping AI that solves their real problem." in viewer.content()
