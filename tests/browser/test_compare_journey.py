import pytest

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hub_to_comparison_through_the_compare_form(live_server, page, sample_content, screenshot):
    page.goto(live_server.url + "/")
    screenshot(page, "hub-desktop")
    page.get_by_role("link", name="Compare", exact=True).first.click()
    page.get_by_label("AI Engineer", exact=True).check()
    page.get_by_label("ML Engineer", exact=True).check()
    page.get_by_role("button", name="Compare").click()
    assert page.url == live_server.url + "/compare/ai-engineer-vs-ml-engineer/"
    assert "AI Engineer vs ML Engineer" in page.locator("h1").inner_text()
    screenshot(page, "compare-ai-vs-ml-desktop")


def test_compare_form_without_javascript_on_a_phone(browser, live_server, sample_content, screenshot):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/compare/")
        # Submitting nothing explains what to do instead of failing silently.
        page.get_by_role("button", name="Compare").click()
        assert page.get_by_role("alert").inner_text().strip() == "Tick at least 2 roles to compare."

        # The whole card is the click target, not just the small box.
        page.locator("fieldset").get_by_text("Forward Deployed Engineer", exact=True).click()
        page.get_by_label("GenAI Developer", exact=True).check()
        page.get_by_label("Agentic AI Engineer", exact=True).check()
        page.get_by_role("button", name="Compare").click()
        page.wait_for_load_state()

        assert page.url == (
            live_server.url + "/compare/genai-developer-vs-agentic-ai-engineer-vs-forward-deployed-engineer/"
        )
        # Readable on a phone: nothing scrolls sideways, the table stacks and each cell names its role.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert not page.locator(".table-compare thead").is_visible()
        label = page.evaluate(
            "getComputedStyle(document.querySelector('.table-compare td[data-role]'), '::before').content"
        )
        assert label == '"GenAI Developer"'
        screenshot(page, "compare-three-phone")
    finally:
        context.close()
