"""Bounces and complaints from Mailgun's tracking webhook (through django-anymail), signed as Mailgun signs them."""

import datetime
import hashlib
import hmac
import json
import secrets
import time

import pytest
from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from newsletter.models import Delivery, MailEvent, Subscriber, WelcomeEmail
from newsletter.services import bounces, errors, sending, subscriptions
from tests.factories import ensure_editors_group

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

URL = "/newsletter/esp/mailgun/tracking/"
SIGNING_KEY = "key-test-0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def mailgun(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def signed(event_data, *, key=SIGNING_KEY, token=None):
    """A webhook body as Mailgun sends it: the event plus an HMAC-SHA256 of timestamp + token."""
    timestamp = str(int(time.time()))
    token = token or secrets.token_hex(25)
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {"signature": {"timestamp": timestamp, "token": token, "signature": signature}, "event-data": event_data}
    )


def event(kind, recipient="ada@example.com", *, message_id=None, days_ago=0):
    """Mailgun's event-data for a permanent failure, a temporary failure or a complaint (their documented shape)."""
    when = time.time() - days_ago * 86400
    message_id = message_id or f"{secrets.token_hex(8)}.13651.20287@mg.aicareerhub.example"
    data = {
        "id": secrets.token_urlsafe(16),
        "timestamp": when,
        "log-level": "error" if kind != "complained" else "warn",
        "recipient": recipient,
        "recipient-domain": recipient.split("@")[1],
        "envelope": {"sender": "newsletter@mg.aicareerhub.example", "transport": "smtp", "targets": recipient},
        "message": {
            "headers": {
                "to": recipient,
                "message-id": message_id,
                "from": "The Lane Change <newsletter@mg.aicareerhub.example>",
                "subject": "The Lane Change #12: Evals",
            },
            "attachments": [],
            "size": 18211,
        },
        "flags": {"is-routed": False, "is-authenticated": True, "is-system-test": False, "is-test-mode": False},
        "tags": [],
        "user-variables": {},
        "campaigns": [],
    }
    if kind == "hard":
        data.update(event="failed", severity="permanent", reason="bounce")
        data["delivery-status"] = {
            "attempt-no": 1,
            "code": 550,
            "message": f"5.1.1 The email account {recipient} does not exist.",
            "description": "",
            "mx-host": "mx.example.com",
            "session-seconds": 0.4,
        }
    elif kind == "soft":
        data.update(event="failed", severity="temporary", reason="generic")
        data["delivery-status"] = {
            "attempt-no": 2,
            "code": 452,
            "message": "4.2.2 The email account that you tried to reach is over quota.",
            "description": "",
            "retry-seconds": 600,
            "mx-host": "mx.example.com",
            "session-seconds": 0.3,
        }
    elif kind == "complained":
        data.update(event="complained")
    elif kind == "opened":
        data.update(event="opened", **{"client-info": {"user-agent": "Mozilla/5.0"}})
    return data


def post(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


def subscriber_state(subscriber):
    subscriber.refresh_from_db()
    return subscriber.suppressed_because


def test_a_hard_bounce_suppresses_at_once_and_stops_unsent_deliveries(client):
    subscriber = make_subscriber(email="ada@example.com")
    delivery = Delivery.objects.create(issue=make_issue(status="sending"), subscriber=subscriber)
    assert post(client, signed(event("hard"))).status_code == 200
    assert subscriber_state(subscriber) == Subscriber.SuppressedBecause.HARD_BOUNCE
    [recorded] = MailEvent.objects.all()
    assert recorded.kind == "hard_bounce" and "ada@example.com" not in recorded.description
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SKIPPED


def test_a_complaint_suppresses_at_once(client):
    subscriber = make_subscriber(email="ada@example.com")
    post(client, signed(event("complained")))
    assert subscriber_state(subscriber) == Subscriber.SuppressedBecause.COMPLAINT


def test_the_address_is_matched_in_its_canonical_form(client):
    subscriber = make_subscriber(email="ada@xn--bcher-kva.example")
    post(client, signed(event("hard", recipient="ADA@bücher.example")))
    assert subscriber_state(subscriber) == Subscriber.SuppressedBecause.HARD_BOUNCE


def test_three_soft_bounces_on_three_messages_within_30_days_suppress(client):
    subscriber = make_subscriber(email="ada@example.com")
    post(client, signed(event("soft", days_ago=29)))
    post(client, signed(event("soft", days_ago=3)))
    assert subscriber_state(subscriber) == ""
    post(client, signed(event("soft")))
    assert subscriber_state(subscriber) == Subscriber.SuppressedBecause.SOFT_BOUNCES


def test_soft_bounces_further_apart_or_on_one_message_do_not_suppress(client):
    subscriber = make_subscriber(email="ada@example.com")
    post(client, signed(event("soft", days_ago=40)))
    post(client, signed(event("soft", days_ago=2)))
    post(client, signed(event("soft")))
    retried = "same.13651.20287@mg.aicareerhub.example"
    other = make_subscriber(email="bob@example.com")
    for _ in range(3):  # Mailgun retrying one message
        post(client, signed(event("soft", recipient="bob@example.com", message_id=retried)))
    assert subscriber_state(subscriber) == "" and subscriber_state(other) == ""


def test_a_replayed_webhook_changes_nothing_twice(client):
    subscriber = make_subscriber(email="ada@example.com")
    body = signed(event("soft"))
    for _ in range(3):
        assert post(client, body).status_code == 200
    assert MailEvent.objects.count() == 1
    assert subscriber_state(subscriber) == ""


@pytest.mark.parametrize(
    "body",
    [
        lambda: signed(event("hard"), key="key-someone-else"),
        lambda: json.dumps({"event-data": event("hard")}),
        lambda: signed(event("hard")).replace('"signature": "', '"signature": "0'),
        lambda: "not json",
    ],
    ids=["wrong key", "unsigned", "altered signature", "not json"],
)
def test_an_unauthenticated_webhook_is_refused_and_changes_nothing(client, body):
    subscriber = make_subscriber(email="ada@example.com")
    response = post(client, body())
    assert response.status_code == 400
    assert not MailEvent.objects.exists() and subscriber_state(subscriber) == ""


def test_without_an_email_service_the_webhook_is_404(client, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": ""}
    make_subscriber(email="ada@example.com")
    assert post(client, signed(event("hard"))).status_code == 404
    assert not MailEvent.objects.exists()


def test_opens_and_unknown_addresses_are_not_recorded(client):
    make_subscriber(email="ada@example.com")
    assert post(client, signed(event("opened"))).status_code == 200
    assert post(client, signed(event("hard", recipient="stranger@example.com"))).status_code == 200
    assert not MailEvent.objects.exists()


def test_a_suppressed_address_gets_no_issue(smtp):
    kept = make_subscriber(email="kept@example.com")
    make_subscriber(
        email="gone@example.com", suppressed_at=datetime.datetime.now(datetime.UTC), suppressed_because="complaint"
    )
    late = make_subscriber(email="late@example.com")
    issue = make_issue()
    sending.start_sending(issue=issue)
    assert set(issue.deliveries.values_list("subscriber__email", flat=True)) == {"kept@example.com", "late@example.com"}
    Subscriber.objects.filter(pk=late.pk).update(
        suppressed_at=datetime.datetime.now(datetime.UTC), suppressed_because="hard_bounce"
    )
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert smtp.recipients == [kept.email] and report.skipped == 1


def test_a_suppressed_address_gets_no_confirmation_or_welcome_email():

    WelcomeEmail.objects.create(subject="Welcome", body="Hi.")
    now = datetime.datetime.now(datetime.UTC)
    pending = make_subscriber(
        status="pending",
        email="p@example.com",
        suppressed_at=now,
        suppressed_because="hard_bounce",
        confirmation_sent_at=now - datetime.timedelta(hours=2),
    )
    subscriptions.subscribe(email="p@example.com", source="test", consent_text="t", consent_version="v")
    subscriptions.deliver_confirmation(subscriber_id=pending.pk)
    confirmed = make_subscriber(email="c@example.com", suppressed_at=now, suppressed_because="complaint")
    subscriptions.deliver_welcome(subscriber_id=confirmed.pk)
    assert mail.outbox == []


def test_the_database_insists_on_a_reason_for_a_suppression():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_subscriber(suppressed_at=datetime.datetime.now(datetime.UTC), suppressed_because="")


def test_managers_see_the_suppression_and_its_reason(client, django_user_model):

    ensure_editors_group()
    user = django_user_model.objects.create_user("manager", is_staff=True)
    user.groups.add(Group.objects.get(name="Subscriber managers"))
    client.force_login(user)
    subscriber = make_subscriber(email="ada@example.com")
    post(client, signed(event("hard")))
    listing = client.get("/admin/newsletter/subscriber/").content.decode()
    assert "The address bounced" in listing
    page = client.get(f"/admin/newsletter/subscriber/{subscriber.pk}/change/").content.decode()
    assert "Hard bounce" in page and "5.1.1 The email account &lt;address&gt; does not exist." in page


@pytest.mark.parametrize(("status", "transient"), [(None, True), (503, True), (429, True), (400, False), (401, False)])
def test_email_service_errors_are_retried_only_when_temporary(status, transient):
    from anymail.exceptions import AnymailRequestsAPIError

    assert (
        errors.is_transient(AnymailRequestsAPIError("Mailgun API response " + str(status), status_code=status))
        is transient
    )


def tracking(event_type, recipient="ada@example.com", **fields):
    """An email service's event as django-anymail hands it over (what the webhook view receives)."""
    fields.setdefault("event_id", secrets.token_hex(8))
    fields.setdefault("message_id", f"<{secrets.token_hex(8)}@mg.example>")
    fields.setdefault("timestamp", timezone.now())
    return AnymailTrackingEvent(event_type=event_type, recipient=recipient, **fields)


def suppression(subscriber):
    subscriber.refresh_from_db()
    return subscriber.suppressed_because if subscriber.suppressed_at else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        (RejectReason.BOUNCED, MailEvent.Kind.HARD_BOUNCE),
        (RejectReason.SPAM, MailEvent.Kind.COMPLAINT),
        (RejectReason.OTHER, None),
    ],
)
def test_a_message_the_service_refused_to_send_counts_as_what_it_remembers(reason, kind):
    make_subscriber(email="ada@example.com")
    bounces.record_tracking_event(event=tracking(EventType.REJECTED, reject_reason=reason))
    assert list(MailEvent.objects.values_list("kind", flat=True)) == ([kind] if kind else [])


@pytest.mark.django_db
def test_an_event_without_an_id_is_not_stored():
    make_subscriber(email="ada@example.com")
    assert bounces.record_tracking_event(event=tracking(EventType.BOUNCED, event_id=None)) is None
    assert not MailEvent.objects.exists()


@pytest.mark.django_db
def test_long_and_missing_fields_are_stored_cut_to_size_or_empty():
    make_subscriber(email="ada@example.com")
    long = bounces.record_tracking_event(
        event=tracking(EventType.DEFERRED, event_id="e" * 300, message_id="m" * 300, description="d" * 400)
    )
    bare = bounces.record_tracking_event(event=tracking(EventType.DEFERRED, message_id=None))
    long.refresh_from_db()
    bare.refresh_from_db()
    assert (len(long.event_id), len(long.message_id), len(long.description)) == (200, 250, 300)
    assert (bare.message_id, bare.description) == ("", "")


@pytest.mark.django_db
def test_soft_bounces_count_once_per_message_and_each_without_a_message_id():
    ada = make_subscriber(email="ada@example.com")
    for _ in range(2):
        bounces.record_tracking_event(event=tracking(EventType.DEFERRED, message_id=None))
    assert suppression(ada) is None  # two soft bounces
    bounces.record_tracking_event(event=tracking(EventType.DEFERRED, message_id="<one@mg.example>"))
    assert suppression(ada) == Subscriber.SuppressedBecause.SOFT_BOUNCES  # the third


@pytest.mark.django_db
def test_after_a_manager_lifts_a_suppression_old_events_do_not_bring_it_back():
    ada = make_subscriber(email="ada@example.com")
    hard = tracking(EventType.BOUNCED)
    bounces.record_tracking_event(event=hard)
    assert suppression(ada) == Subscriber.SuppressedBecause.HARD_BOUNCE
    Subscriber.objects.filter(pk=ada.pk).update(suppressed_at=None, suppressed_because="")
    bounces.record_tracking_event(event=hard)  # the service sends the same event again
    assert suppression(ada) is None
    # Two soft bounces now: with the old hard bounce that would be three events, but only soft ones count.
    for _ in range(2):
        bounces.record_tracking_event(event=tracking(EventType.DEFERRED))
    assert suppression(ada) is None


@pytest.mark.django_db
def test_suppressing_one_address_leaves_the_others_and_keeps_the_first_reason():
    ada, bob = make_subscriber(email="ada@example.com"), make_subscriber(email="bob@example.com")
    bounces.suppress(subscriber=ada, because=Subscriber.SuppressedBecause.HARD_BOUNCE)
    first = ada.suppressed_at
    bounces.suppress(subscriber=ada, because=Subscriber.SuppressedBecause.COMPLAINT)
    assert (ada.suppressed_at, ada.suppressed_because) == (first, Subscriber.SuppressedBecause.HARD_BOUNCE)
    assert suppression(bob) is None
