"""What arrives at a real SMTP server: headers, both parts, absolute personal links."""

import re

import pytest
from django.test import Client

from newsletter import emails, tasks
from newsletter.models import Subscriber
from newsletter.services import subscriptions

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

SITE = "https://aicareerhub.example"


@pytest.fixture(autouse=True)
def site_settings(settings):
    settings.SITE_URL = SITE
    settings.NEWSLETTER_NAME = "The Lane Change"
    settings.NEWSLETTER_FROM_EMAIL = "The Lane Change <newsletter@aicareerhub.example>"
    settings.NEWSLETTER_REPLY_TO = "editors@aicareerhub.example"
    settings.NEWSLETTER_LIST_ID_DOMAIN = "aicareerhub.example"


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def assert_list_headers(message, subscriber):
    unsubscribe = f"{SITE}{subscriber.unsubscribe_path()}"
    # Long headers are folded onto a continuation line (RFC 5322); unfolded, the value is the URL.
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"] == "The Lane Change <newsletter.aicareerhub.example>"
    assert message["From"] == "The Lane Change <newsletter@aicareerhub.example>"
    assert message["Reply-To"] == "editors@aicareerhub.example"
    text, html = parts(message)
    assert unsubscribe in text  # the visible link, in both parts
    assert f'href="{unsubscribe}"' in html
    return unsubscribe


def test_the_confirmation_email_as_received(smtp, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/subscribe/", {"email": "ada@example.com", "source": "page"})
    [received] = smtp.messages
    message = received["message"]
    subscriber = Subscriber.objects.get()
    assert received["envelope_to"] == ["ada@example.com"]
    assert message["Subject"] == "Confirm your subscription to The Lane Change"
    assert_list_headers(message, subscriber)
    text, html = parts(message)
    confirm = re.search(r"<(https://aicareerhub\.example/newsletter/confirm/[^>]+)>", text).group(1)
    assert f'href="{confirm}"' in html
    assert "ada@example.com" not in confirm
    # The link in the email works: GET shows the button, POST confirms.
    path = confirm.removeprefix(SITE)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


def test_an_issue_as_received_and_its_one_click_unsubscribe(smtp, django_capture_on_commit_callbacks):
    subscriber = make_subscriber(email="grace@example.com")
    issue = make_issue(number=7, title="Evals first", preheader="Measure before you tweak.", is_published=True)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start_sending(issue=issue)
    [received] = smtp.messages
    message = received["message"]
    assert message["Subject"] == "The Lane Change #7: Evals first"
    assert message.is_multipart()
    unsubscribe = assert_list_headers(message, subscriber)
    text, html = parts(message)
    for heading in ["One concept", "One architecture", "One project idea", "One interview question"]:
        assert heading in text and heading in html
    # Relative links written by editors arrive absolute; so does the web version of the issue.
    assert f"[link to roles]({SITE}/roles/)" in text
    assert f'href="{SITE}/roles/"' in html
    assert f"<{SITE}/newsletter/issues/7/>" in text
    assert "Measure before you tweak." in html  # the preheader
    assert "unsubscribe.invalid" not in text + html  # the placeholder never leaks

    # What Gmail does with the headers: POST the body to the List-Unsubscribe URL, no cookies.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe.removeprefix(SITE), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_the_text_part_as_received_is_wrapped_at_72_columns_and_the_html_part_is_not(
    smtp, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(email="linus@example.com")
    sentence = "Agents need limits enforced in code: a step budget, a cost budget and a clear definition of done."
    issue = make_issue(
        title="Budgets, traces and approvals for agents that must stop before they touch anything real",
        concept=f"{sentence} {sentence}\n\n- {sentence}\n- Read [the guide](/roles/ai-engineer/) first.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start_sending(issue=issue)
    text, html = parts(smtp.messages[0]["message"])
    lines = text.splitlines()
    assert [line for line in lines if len(line) > 72 and " " in line] == []
    assert "  a clear definition of done." in lines  # the list item goes on, indented
    assert f"<{SITE}{subscriber.unsubscribe_path()}>" in lines  # the personal link, whole, on its own line
    # The HTML part is made from the unwrapped Markdown: one heading, one paragraph.
    assert f"#{issue.number}: {issue.title}</h2>" in html
    assert f"<p>{sentence} {sentence}</p>" in html


def test_each_recipient_gets_their_own_unsubscribe_link(smtp, django_capture_on_commit_callbacks):
    first, second = make_subscriber(), make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start_sending(issue=make_issue())
    by_recipient = {m["envelope_to"][0]: m["message"] for m in smtp.messages}
    for subscriber in (first, second):
        message = by_recipient[subscriber.email]
        assert subscriber.unsubscribe_path() in message["List-Unsubscribe"]
        other = second if subscriber == first else first
        assert other.unsubscribe_path() not in parts(message)[0]


def test_an_unpublished_issue_has_no_web_link():
    rendered = emails.render_issue(make_issue(number=8, is_published=False))
    assert "/newsletter/issues/8/" not in rendered.text


def test_editor_markdown_cannot_inject_html_into_the_email():
    issue = make_issue(concept='<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="y">')
    html = emails.render_issue(issue).html
    assert "<script" not in html
    assert 'href="javascript:' not in html
    assert "<img" not in html


def test_a_confirmation_email_is_retried_when_the_server_is_busy_and_the_subscriber_is_kept(
    smtp, client, django_capture_on_commit_callbacks
):
    smtp.reject_temporarily = {"ada@example.com"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/newsletter/subscribe/", {"email": "ada@example.com", "source": "page"})
    assert response.status_code == 303
    assert smtp.messages == []
    assert Subscriber.objects.get().status == "pending"  # kept: a later sign-up or retry reaches them


def test_a_confirmation_task_retries_on_a_refused_connection(mail_to_closed_port):
    subscriber = make_subscriber(status="pending")
    assert subscriptions.deliver_confirmation(subscriber_id=subscriber.pk, attempt=1) is not None
    assert subscriptions.deliver_confirmation(subscriber_id=subscriber.pk, attempt=2) is not None
    with pytest.raises(ConnectionRefusedError):
        subscriptions.deliver_confirmation(subscriber_id=subscriber.pk, attempt=3)
    assert Subscriber.objects.filter(pk=subscriber.pk, status="pending").exists()


def test_no_confirmation_email_once_confirmed(smtp):
    subscriber = make_subscriber(status="confirmed")
    assert subscriptions.deliver_confirmation(subscriber_id=subscriber.pk) is None
    assert smtp.messages == []
