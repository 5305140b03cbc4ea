"""Confirming sends exactly one welcome email, written by editors in the admin."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from newsletter.models import Subscriber, WelcomeEmail
from newsletter.services import subscriptions

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def welcome():
    return WelcomeEmail.objects.create(subject="Welcome to the list", body="Thanks for **confirming**.")


def press_confirm(client, capture, subscriber):
    with capture(execute=True):
        return client.post(subscriber.confirm_path())


def test_confirming_sends_one_welcome_email_with_the_latest_issue_and_preferences(
    client, django_capture_on_commit_callbacks, welcome
):
    make_issue(number=1, status="sent", title="Older")
    latest = make_issue(number=2, status="sent", title="Latest")
    make_issue(number=3, title="Draft")
    subscriber = make_subscriber(status="pending")
    assert press_confirm(client, django_capture_on_commit_callbacks, subscriber).status_code == 200
    [message] = mail.outbox
    assert message.subject == "Welcome to the list" and message.to == [subscriber.email]
    assert "Thanks for **confirming**." in message.body
    assert latest.get_absolute_url() in message.body and "/newsletter/issues/3/" not in message.body
    assert subscriber.preferences_path() in message.body
    assert subscriber.unsubscribe_path() in message.body and message.extra_headers["List-Unsubscribe"]


def test_pressing_confirm_twice_sends_one_welcome(client, django_capture_on_commit_callbacks, welcome):
    subscriber = make_subscriber(status="pending")
    press_confirm(client, django_capture_on_commit_callbacks, subscriber)
    press_confirm(client, django_capture_on_commit_callbacks, subscriber)
    assert [m.subject for m in mail.outbox] == ["Welcome to the list"]


def test_the_welcome_task_run_twice_sends_one(welcome):
    subscriber = make_subscriber(status="confirmed")
    subscriptions.deliver_welcome(subscriber_id=subscriber.pk)
    subscriptions.deliver_welcome(subscriber_id=subscriber.pk)
    assert len(mail.outbox) == 1


def test_coming_back_after_unsubscribing_brings_no_second_welcome(client, django_capture_on_commit_callbacks, welcome):
    subscriber = make_subscriber(status="pending")
    press_confirm(client, django_capture_on_commit_callbacks, subscriber)
    subscriptions.unsubscribe(subscriber=subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        status="pending",
        confirmation_sent_at=timezone.now(),
        unsubscribed_at=timezone.now() - datetime.timedelta(days=2),
    )
    subscriber.refresh_from_db()
    press_confirm(client, django_capture_on_commit_callbacks, subscriber)
    assert len(mail.outbox) == 1


def test_without_a_welcome_email_in_use_nothing_is_sent_and_nothing_is_marked(
    client, django_capture_on_commit_callbacks
):
    WelcomeEmail.objects.create(subject="Old", body="Retired.", is_active=False)
    subscriber = make_subscriber(status="pending")
    press_confirm(client, django_capture_on_commit_callbacks, subscriber)
    assert mail.outbox == []
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.welcomed_at is None


def test_a_mail_server_outage_hands_the_welcome_back_for_a_retry(mail_to_closed_port, welcome):
    subscriber = make_subscriber(status="confirmed")
    retry_at = subscriptions.deliver_welcome(subscriber_id=subscriber.pk)
    assert retry_at is not None
    subscriber.refresh_from_db()
    assert subscriber.welcomed_at is None


def test_editors_write_the_welcome_email_and_one_is_in_use(editor_client, welcome):
    response = editor_client.post(
        "/admin/newsletter/welcomeemail/add/",
        {"subject": "New welcome", "preheader": "Hello.", "body": "Glad you are here.", "is_active": "on"},
    )
    assert response.status_code == 302
    assert WelcomeEmail.objects.current().subject == "New welcome"
    welcome.refresh_from_db()
    assert not welcome.is_active


def test_the_database_allows_one_welcome_email_in_use(welcome):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        WelcomeEmail.objects.create(subject="Second", body="x")


@pytest.mark.django_db
def test_welcoming_one_subscriber_leaves_the_others_to_be_welcomed():
    WelcomeEmail.objects.create(subject="Welcome to the list", body="Thanks for **confirming**.")
    ada, bob = make_subscriber(email="ada@example.com"), make_subscriber(email="bob@example.com")
    subscriptions.deliver_welcome(subscriber_id=ada.pk)
    subscriptions.deliver_welcome(subscriber_id=bob.pk)
    assert sorted(message.to[0] for message in mail.outbox) == ["ada@example.com", "bob@example.com"]
