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


def test_a_visitor_watches_a_certification_and_hears_of_its_change(live_server, page, screenshot, sample_content):
    from certifications.models import Certification

    certification = Certification.objects.published().get(slug="ai-200")
    page.goto(live_server.url + certification.get_absolute_url())
    watch = page.locator(".nl-watch")
    # The honeypot is out of sight (people who fill it in are taken for bots).
    assert watch.locator("#watch-website").bounding_box()["x"] < 0
    watch.get_by_label("Email address").fill("not-an-address")
    # The browser's own check would stop it; a visitor without it still gets a message.
    watch.locator("input[type=email]").evaluate("el => el.type = 'text'")
    watch.get_by_role("button", name=re.compile("Watch")).click()
    page.get_by_text("Enter a full email address").wait_for()
    screenshot(page, "newsletter-watch-bad-address-desktop")

    page.get_by_label("Email address").first.fill("watcher@example.com")
    page.get_by_role("button", name=re.compile("Watch")).first.click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    [confirmation] = mail.outbox
    page.goto(live_server.url + link_in(confirmation, "watch/confirm"))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name=re.compile("You are watching")).wait_for()
    screenshot(page, "newsletter-watch-confirmed-desktop")

    import datetime

    certification.retires_on = datetime.date(2027, 7, 31)
    certification.save()  # as an editor's save in the admin: the immediate backend sends at once
    alert = mail.outbox[-1]
    assert alert.to == ["watcher@example.com"] and "Retiring" in alert.body


def test_a_reader_takes_a_course_and_pauses_it_from_the_lesson(live_server, page, screenshot, sample_content):
    from newsletter.models import Enrolment
    from tests.newsletter.factories import make_subscriber

    reader = make_subscriber(email="course@example.com")
    page.goto(live_server.url + reader.preferences_path())
    page.locator("li", has_text="ML Engineer in four weeks").get_by_role("button", name="Take this course").click()
    page.get_by_text("week 1 is on its way").wait_for()
    screenshot(page, "newsletter-preferences-course-desktop")
    lesson = mail.outbox[-1]
    assert "week 1 of 4" in lesson.subject
    page.goto(live_server.url + link_in(lesson, "course"))
    page.get_by_role("button", name="Pause the course").click()
    page.get_by_text("Paused before week 2").wait_for()
    screenshot(page, "newsletter-course-paused-desktop")
    assert Enrolment.objects.get().status == "paused"


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", None)])
def test_the_emails_screenshots(page, screenshot, sample_content, width, viewport):
    """Every kind of email as a mail program shows its HTML part, for a person to look at."""
    import datetime

    from certifications.models import Certification
    from newsletter import emails
    from newsletter.models import CertificationChange, Course, Issue, Watch, WatchAlert, WelcomeEmail
    from newsletter.services import courses, watching
    from tests.newsletter.factories import make_subscriber

    if viewport:
        page.set_viewport_size(viewport)
    reader = make_subscriber(email="look@example.com")
    certification = Certification.objects.get(slug="ai-200")
    watch = Watch.objects.create(subscriber=reader, certification=certification)
    alert = WatchAlert.objects.create(certification=certification, day=datetime.date(2026, 12, 4))
    changes = [
        CertificationChange(what="Status", old="Available", new="Retiring", source_url="https://certquests.com/news/"),
        CertificationChange(what="Price", old="USD 165", new="USD 175", source_url="https://certempire.com/?p=86309"),
    ]
    lesson = Course.objects.get(role__slug="ml-engineer").lessons.get(week=2)
    enrolment = reader.enrolments.create(course=lesson.course)
    messages = {
        "issue": emails.subscriber_message(emails.render_issue(Issue.objects.get(number=4)), reader),
        "welcome": emails.welcome_message(reader, WelcomeEmail.objects.get(), latest_issue=None),
        "watch-confirm": watching.confirmation_message(watch),
        "watch-alert": watching.alert_message(reader, alert, changes),
        "lesson": courses.lesson_message(enrolment, lesson),
    }
    for name, message in messages.items():
        [(html, _)] = message.alternatives
        page.set_content(html)
        screenshot(page, f"email-{name}-{width}")
        assert page.locator("h2").count() >= 1


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", None)])
def test_an_editor_previews_a_draft_issue_and_reads_the_email_whole(
    live_server, browser, django_user_model, screenshot, width, viewport
):
    from tests.browser.conftest import DESKTOP
    from tests.factories import ensure_editors_group

    editor = django_user_model.objects.create_user("mail-editor", password="a-long-test-password", is_staff=True)
    editor.groups.add(ensure_editors_group())
    title = ("Budgets, traces and approvals: what stops an agent before it touches anything real " * 2)[:120]
    preheader = ("Three controls every agent needs, and how to test each of them before the first run. " * 2)[:150]
    issue = make_issue(title=title, preheader=preheader, concept="Long enough to scroll.\n\n" * 60)
    context = browser.new_context(viewport=viewport or DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + f"/admin/newsletter/issue/{issue.pk}/change/")
    page.get_by_label("Username").fill("mail-editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    # The preheader is read whole; the title takes all of its row.
    preheader_box = page.locator("#id_preheader")
    assert preheader_box.evaluate("el => el.scrollHeight <= el.clientHeight && el.scrollWidth <= el.clientWidth")
    row = page.locator(".field-title .flex-container").bounding_box()
    title_box = page.locator("#id_title").bounding_box()
    assert abs((row["x"] + row["width"]) - (title_box["x"] + title_box["width"])) < 2
    assert page.get_by_role("link", name="View on site").count() == 0  # a draft has no page yet
    # The buttons sit under the issue's long name, not over it.
    name = page.get_by_role("heading", name=str(issue)).bounding_box()
    assert page.locator(".object-tools").bounding_box()["y"] >= name["y"] + name["height"]
    screenshot(page, f"newsletter-admin-issue-{width}")

    page.get_by_role("link", name="Preview email and send a test").click()
    # The frame fills most of the window and no more, so that its own scrolling shows the whole email.
    assert 0.8 <= page.locator("iframe").bounding_box()["height"] / (viewport or DESKTOP)["height"] <= 0.9
    assert all(len(line) <= 72 for line in page.locator("pre").inner_text().splitlines())
    screenshot(page, f"newsletter-admin-preview-{width}")

    with context.expect_page() as opened:
        page.get_by_role("link", name="open the HTML version on its own").click()
    alone = opened.value
    alone.wait_for_load_state()
    # The email's own inline styles apply under the page's strict policy (the card is white, the page grey).
    assert alone.locator(".card").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 255, 255)"
    assert alone.locator("body").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(244, 245, 248)"
    assert alone.get_by_text("Long enough to scroll.").count() == 60
    screenshot(alone, f"newsletter-admin-preview-html-{width}")
    context.close()
