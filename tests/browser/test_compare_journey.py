import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hub_to_comparison_through_the_compare_form(live_server, page, sample_content, screenshot):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Compare", exact=True).first.click()
    page.get_by_label("AI Engineer", exact=True).check()
    page.get_by_label("ML Engineer", exact=True).check()
    page.get_by_role("button", name="Compare").click()
    assert page.url == live_server.url + "/compare/ai-engineer-vs-ml-engineer/"
    assert "AI Engineer vs ML Engineer" in page.locator("h1").inner_text()
    screenshot(page, "compare-ai-vs-ml-desktop")
