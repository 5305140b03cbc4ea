import re

import pytest
from django.core import mail

from newsletter import tasks
from newsletter.models import Subscriber
from tests.browser.conftest import PHONE
from tests.newsletter.factories import make_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message, kind):
    """The path of the confirm/unsubscribe link in an email's text part (its host is SITE_URL)."""
    return re.search(rf"https?://[^/\s]+(/newsletter/{kind}/[^>\s]+/)", message.body).group(1)


def test_sign_up_in_the_footer_confirm_then_unsubscribe_from_an_issue(live_server, page, screenshot, settings):
    settings.NEWSLETTER_NAME = "The Lane Change"
    page.goto(live_server.url + "/")
    footer = page.locator("footer")
    footer.get_by_label("Email address").fill("journey@example.com")
    footer.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    screenshot(page, "newsletter-check-inbox-desktop")

    [confirmation] = mail.outbox
    assert confirmation.to == ["journey@example.com"]
    page.goto(live_server.url + link_in(confirmation, "confirm"))
    assert Subscriber.objects.get().status == "pending"  # opening the link changes nothing
    screenshot(page, "newsletter-confirm-desktop")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    assert Subscriber.objects.get().status == "confirmed"

    tasks.start_sending(issue=make_issue(title="Journey issue"))  # the immediate backend sends it now
    issue_email = mail.outbox[-1]
    assert issue_email.subject.endswith("Journey issue")
    page.goto(live_server.url + link_in(issue_email, "unsubscribe"))
    screenshot(page, "newsletter-unsubscribe-desktop")
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    assert Subscriber.objects.get().status == "unsubscribed"


def test_a_typo_in_the_address_is_explained_on_the_page(live_server, page):
    page.goto(live_server.url + "/newsletter/")
    form = page.locator("#signup")
    form.get_by_label("Email address").fill("journey@example")
    # The browser's own check would stop "journey@example"? It allows it; the server refuses it.
    form.get_by_role("button", name="Subscribe").click()
    page.get_by_text("Enter a full email address").wait_for()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", None)])
def test_newsletter_pages_screenshots(live_server, page, screenshot, sample_content, width, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    for path, name in [
        ("/newsletter/", "newsletter"),
        ("/newsletter/issues/", "archive"),
        ("/newsletter/issues/2/", "issue"),
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        screenshot(page, f"{name}-{width}")


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", None)])
def test_a_confirmed_reader_picks_lanes_from_the_welcome_email(
    live_server, page, screenshot, sample_content, settings, width, viewport
):
    from roles.models import Role

    if viewport:
        page.set_viewport_size(viewport)
    page.goto(live_server.url + "/newsletter/")
    form = page.locator("#signup")
    form.get_by_label("Email address").fill("lanes@example.com")
    form.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    page.goto(live_server.url + link_in(mail.outbox[-1], "confirm"))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()

    welcome = mail.outbox[-1]
    assert "/newsletter/issues/" in welcome.body  # the latest issue
    page.goto(live_server.url + link_in(welcome, "preferences"))
    screenshot(page, f"newsletter-preferences-{width}")
    ml, agentic = Role.objects.get(slug="ml-engineer"), Role.objects.get(slug="agentic-ai-engineer")
    page.get_by_label(ml.name, exact=True).check()
    page.get_by_label(agentic.name, exact=True).check()
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("Saved.").wait_for()
    screenshot(page, f"newsletter-preferences-saved-{width}")
    assert set(Subscriber.objects.get().lanes.values_list("slug", flat=True)) == {"ml-engineer", "agentic-ai-engineer"}
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
