"""A visitor takes the role-fit questionnaire in Chromium; an editor looks at the weight grid."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from roles import fit_services as services
from roles.fit_models import Question, Result
from roles.models import Role
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def favourite_answers(slug):
    """The choice texts that favour ``slug`` most, question by question."""
    questions = list(Question.objects.published().with_weights())
    roles = [services.RoleRef.of(role) for role in Role.objects.published()]
    target = next(role for role in roles if role.slug == slug)
    picks = services.favourite_picks(matrix=services.weight_matrix(questions), roles=roles, target=target)
    return [list(question.choices.all())[pick].text for question, pick in zip(questions, picks, strict=True)]


def test_visitor_fills_the_questionnaire_and_reads_the_result(live_server, browser, sample_content, screenshot):
    answers = favourite_answers("agentic-ai-engineer")
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
        assert progress.inner_text() == "0 of 10 answered"  # shown by static/js/fit.js
        for text in answers[:5]:
            page.get_by_label(text, exact=True).check()
        assert progress.inner_text() == "5 of 10 answered"
        assert_accessible(page)
        screenshot(page, f"fit-questionnaire-{name}")
        for text in answers[5:]:
            page.get_by_label(text, exact=True).check()
        page.get_by_role("button", name="See my results").click()
        page.wait_for_url(re.compile(r"/fit/[0-9a-f-]{36}/$"))
        assert page.locator("h1").inner_text() == "Your best fit: Agentic AI Engineer"
        ranked = page.locator(".fit-rank-name").all_inner_texts()
        assert ranked[0] == "Agentic AI Engineer" and len(ranked) == 5
        assert page.get_by_text("which points strongly to Agentic AI Engineer").count() == 4
        assert page.get_by_role("heading", name="Your next step").is_visible()
        assert_accessible(page)
        screenshot(page, f"fit-result-{name}")
        # Reloading shows the same result and stores nothing new (Post/Redirect/Get).
        count = Result.objects.count()
        page.reload()
        assert page.locator(".fit-rank-name").all_inner_texts() == ranked
        assert Result.objects.count() == count
        context.close()


def test_questionnaire_works_without_javascript(live_server, browser, sample_content, screenshot):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/fit/")
    assert not page.locator("[data-fit-progress]").is_visible()
    answers = favourite_answers("forward-deployed-engineer")
    for text in answers:
        page.get_by_label(text, exact=True).check()
    page.get_by_role("button", name="See my results").click()
    page.wait_for_url(re.compile(r"/fit/[0-9a-f-]{36}/$"))
    assert page.locator("h1").inner_text() == "Your best fit: Forward Deployed Engineer"
    context.close()


def test_missing_answers_are_marked_in_the_browser(live_server, page, sample_content, screenshot):
    page.goto(live_server.url + "/fit/")
    answers = favourite_answers("ml-engineer")
    for text in answers[:8]:
        page.get_by_label(text, exact=True).check()
    # Skip the browser's own required-field check to reach the server's answer.
    page.locator("form[data-fit-form]").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="See my results").click()
    expect(page.get_by_role("heading", name="2 questions still need an answer")).to_be_visible()
    assert page.get_by_label(answers[0], exact=True).is_checked()
    assert page.locator(".fit-question-missing").count() == 2
    focused = page.evaluate("document.activeElement.hasAttribute('data-fit-errors')")
    assert focused
    assert_accessible(page)
    screenshot(page, "fit-missing-answers-desktop")


def test_editor_sees_the_weight_grid(live_server, page, sample_content, screenshot, django_user_model):
    from django.contrib.auth.models import Permission

    # Transactional tests flush the Editors group the migration made: give this editor the same rights.
    user = django_user_model.objects.create_user("grid-editor", password="a-long-test-password", is_staff=True)
    models = ["question", "choice", "choiceweight", "result"]
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="roles", content_type__model__in=models)
    )
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("grid-editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/roles/question/")
    assert page.get_by_text("The published questionnaire is complete").is_visible()
    screenshot(page, "fit-admin-questions-desktop")
    page.get_by_role("link", name=Question.objects.order_by("display_order").first().text).click()
    expect(page.locator("tr.form-row:not(.empty-form) input.fit-weight")).to_have_count(5 * 5)
    screenshot(page, "fit-admin-weight-grid-desktop")
    questions, version = services.questionnaire_for_scoring()
    for slug in ["ml-engineer", "ml-engineer", "ai-engineer", "forward-deployed-engineer"]:
        picked = {
            question.pk: next(c for c in question.choices.all() if c.text == text)
            for question, text in zip(questions, favourite_answers(slug), strict=True)
        }
        services.record_result(questions=questions, picked=picked, version=version)
    page.goto(live_server.url + "/admin/roles/result/stats/")
    assert page.get_by_role("heading", name="Completions per day").is_visible()
    assert page.get_by_role("row", name=re.compile(r"^ML Engineer 2 \(50%\) 2")).is_visible()
    screenshot(page, "fit-admin-stats-desktop")
    page.goto(live_server.url + "/admin/roles/question/weights/")
    screenshot(page, "fit-admin-weights-desktop")
