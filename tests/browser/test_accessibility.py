"""Keyboard use: the first Tab reaches "Skip to main content", and Enter moves focus to the page's main part.
axe and the small-screen checks for every public page are in test_look.py."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/roles/ai-engineer/", "/certifications/google-cloud-professional-ml-engineer/"])
def test_keyboard_reaches_main_content_first(path, live_server, page, sample_content):
    page.goto(live_server.url + path)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
