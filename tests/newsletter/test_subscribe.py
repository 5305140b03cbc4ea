import datetime
import io
import re
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone
from django_redis import get_redis_connection

from newsletter.forms import CONSENT_TEXT, CONSENT_VERSION
from newsletter.models import Delivery, Subscriber
from newsletter.ratelimit import local_windows
from newsletter.services import subscriptions
from newsletter.services.subscriber_csv import import_subscribers_csv
from tests import workers

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

URL = "/newsletter/subscribe/"
DONE = "/newsletter/subscribe/done/"


def post(client, email="ada@example.com", ip="10.0.0.1", **extra):
    data = {"email": email, "website": "", "source": "footer", "page": "/roles/", **extra}
    return client.post(URL, data, REMOTE_ADDR=ip)


def sign_up(client, django_capture_on_commit_callbacks, email="ada@example.com", **extra):
    """POST the form and run what was queued after the commit (the confirmation email task)."""
    with django_capture_on_commit_callbacks(execute=True):
        return post(client, email, **extra)


# The state an address is in before it signs up, and what the sign-up must do.
STATES = {
    "new": None,
    "pending, emailed a minute ago": {"status": "pending", "minutes_ago": 1},
    "pending, emailed an hour ago": {"status": "pending", "minutes_ago": 60},
    "confirmed": {"status": "confirmed", "minutes_ago": 60 * 24},
    "unsubscribed two days ago": {"status": "unsubscribed", "minutes_ago": 60 * 48},
    "unsubscribed an hour ago": {"status": "unsubscribed", "minutes_ago": 60},
}
EXPECTED = {
    # state: (confirmation emails sent, status afterwards)
    "new": (1, "pending"),
    "pending, emailed a minute ago": (0, "pending"),
    "pending, emailed an hour ago": (1, "pending"),
    "confirmed": (0, "confirmed"),
    "unsubscribed two days ago": (1, "pending"),
    # Pending again without an email: only the link already in their inbox can confirm it.
    "unsubscribed an hour ago": (0, "pending"),
}


def put_in_state(state, email="ada@example.com"):
    spec = STATES[state]
    if spec is None:
        return None
    when = timezone.now() - datetime.timedelta(minutes=spec["minutes_ago"])
    left = when if spec["status"] == "unsubscribed" else None
    return make_subscriber(email=email, status=spec["status"], confirmation_sent_at=when, unsubscribed_at=left)


@pytest.mark.parametrize("state", list(STATES))
def test_every_state_gets_the_right_emails_and_status(client, django_capture_on_commit_callbacks, state):
    put_in_state(state)
    response = sign_up(client, django_capture_on_commit_callbacks, "Ada@Example.com ")
    emails, status = EXPECTED[state]
    assert (response.status_code, response["Location"]) == (303, DONE)
    assert len(mail.outbox) == emails
    if emails:
        assert [to.lower() for to in mail.outbox[0].to] == ["ada@example.com"]
        assert "/newsletter/confirm/" in mail.outbox[0].body
    subscriber = Subscriber.objects.get()  # still exactly one row, whatever the letter case
    assert subscriber.status == status


def test_the_response_is_identical_whatever_the_state(client, django_capture_on_commit_callbacks, settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 100
    bodies = set()
    for index, state in enumerate(STATES):
        email = f"person{index}@example.com"
        put_in_state(state, email)
        response = sign_up(client, django_capture_on_commit_callbacks, email)
        bodies.add((response.status_code, response["Location"], response.content))
    assert bodies == {(303, DONE, b"")}


def test_the_answer_to_a_sign_up_is_one_cached_page_that_reloads_safely(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, "ada@example.com")
    # Post/Redirect/Get: the browser shows a GET page, so reloading it never posts the form again.
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Check your inbox" in page.content.decode()
    assert '<meta name="robots" content="noindex">' in page.content.decode()
    assert "public" in page["Cache-Control"] and not page.cookies
    assert client.get(DONE)["ETag"] == page["ETag"]
    assert len(mail.outbox) == 1


def test_a_new_address_is_stored_pending_with_its_consent_record(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, "  new.reader@example.com  ")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "new.reader@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_source == "footer form on /roles/"
    assert subscriber.consent_text == CONSENT_TEXT
    assert subscriber.consent_version == CONSENT_VERSION
    assert subscriber.subscribed_at is not None
    assert subscriber.confirmed_at is None


def test_unknown_form_and_page_values_are_not_stored_as_given(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, source="<script>", page="javascript:alert(1)")
    assert Subscriber.objects.get().consent_source == "unknown form"


def test_the_request_queues_one_task_that_stores_the_sign_up_and_emails(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client)
    assert len(callbacks) == 1 and not Subscriber.objects.exists() and mail.outbox == []
    callbacks[0]()  # the sign-up task (run at once by the immediate backend)
    assert Subscriber.objects.get().status == "pending"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("not-an-address", "Enter a full email address"),
        ("ada@", "Enter a full email address"),
        ("a" * 250 + "@example.com", "too long"),
    ],
)
def test_an_invalid_address_gets_a_form_error_and_stores_nothing(
    client, django_capture_on_commit_callbacks, email, message
):
    response = sign_up(client, django_capture_on_commit_callbacks, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_a_filled_honeypot_gets_the_success_page_and_stores_nothing(client, django_capture_on_commit_callbacks):
    real = sign_up(client, django_capture_on_commit_callbacks, "real@example.com")
    Subscriber.objects.all().delete()
    mail.outbox.clear()
    bot = sign_up(client, django_capture_on_commit_callbacks, "bot@example.com", website="http://spam.example")
    assert (bot.status_code, bot["Location"], bot.content) == (real.status_code, real["Location"], real.content)
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_sign_ups_are_limited_per_client_ip(client, django_capture_on_commit_callbacks, settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 5
    for n in range(5):
        assert sign_up(client, django_capture_on_commit_callbacks, f"p{n}@example.com").status_code == 303
    blocked = sign_up(client, django_capture_on_commit_callbacks, "p5@example.com")
    assert blocked.status_code == 429
    assert "Too many sign-ups" in blocked.content.decode()
    assert not Subscriber.objects.filter(email="p5@example.com").exists()
    assert len(mail.outbox) == 5
    # Another visitor is not affected.
    assert sign_up(client, django_capture_on_commit_callbacks, "p6@example.com", ip="10.0.0.2").status_code == 303


def test_honeypot_posts_count_towards_the_limit(client, django_capture_on_commit_callbacks, settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 2
    post(client, "bot1@example.com", website="x")
    post(client, "bot2@example.com", website="x")
    assert post(client, "bot3@example.com", website="x").status_code == 429


def test_behind_a_proxy_the_limit_uses_the_forwarded_client_address(client, settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 1
    settings.TRUSTED_PROXIES = ["10.9.9.9"]
    data = {"email": "a@example.com", "source": "page"}
    first = client.post(URL, data, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # A client cannot dodge the limit by sending its own X-Forwarded-For: the proxy appends the real one.
    spoofed = client.post(URL, data, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    other = client.post(URL, data, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.8")
    # Straight from the internet, the header is not believed at all.
    direct = [client.post(URL, data, REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in (9, 10)]
    assert (first.status_code, spoofed.status_code, other.status_code) == (303, 429, 303)
    assert [r.status_code for r in direct] == [303, 429]


def test_in_redis_the_limit_counts_in_one_window_that_expires(client, settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 2
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": workers.REDIS_URL}}
    cache.clear()
    data = {"email": "counted@example.com", "source": "page"}
    statuses = [client.post(URL, data, REMOTE_ADDR="192.0.2.88").status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    [key] = get_redis_connection("default").keys("*newsletter:signups:*")
    # The window was started with the first count: without an expiry the address would stay blocked.
    assert int(get_redis_connection("default").get(key)) == 3
    assert 3590 < get_redis_connection("default").ttl(key) <= 3600
    cache.clear()


def test_while_the_cache_is_down_each_process_still_counts(client, settings, caplog):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 2
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.1, "SOCKET_TIMEOUT": 0.1},
        }
    }
    local_windows.clear()
    data = {"email": "down@example.com", "source": "page"}
    statuses = [client.post(URL, data, REMOTE_ADDR="192.0.2.77").status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    assert "counting sign-ups in this process only" in caplog.text


def test_get_on_the_subscribe_url_redirects_to_the_newsletter_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/"


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405


@pytest.mark.parametrize(
    "headers",
    [{"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}, {"origin": "https://evil.example"}],
)
def test_a_sign_up_posted_from_another_site_is_refused(headers):
    response = Client(enforce_csrf_checks=True).post(URL, {"email": "a@example.com"}, headers=headers)
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_addresses_are_unique_whatever_the_letter_case_in_the_database():
    make_subscriber(email="Ada@Example.com")
    with pytest.raises(IntegrityError):
        make_subscriber(email="ada@example.COM")


def test_status_outside_the_choices_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        make_subscriber(status="maybe")


def test_the_recorded_page_is_short_whatever_the_url(client, django_capture_on_commit_callbacks):
    long_path = "/compare/" + "x" * 500 + "-vs-y/"
    page = client.get(long_path).content.decode()  # a 404 page with the footer form
    assert 'name="page" value="/compare/xxx' in page and "x" * 100 not in page
    sign_up(client, django_capture_on_commit_callbacks, page=long_path)
    assert Subscriber.objects.get().consent_source == "footer form on /compare/" + "x" * 71


DAY = 24 * 60 * 60


def confirmation_link_signed(monkeypatch, django_capture_on_commit_callbacks, days_ago):
    """Sign up through the form while the clock says ``days_ago``; the link from the email."""
    real_timestamp = signing.TimestampSigner.timestamp
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(time.time() - days_ago * DAY))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/newsletter/subscribe/", {"email": f"reader-{days_ago}@example.com"})
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", real_timestamp)
    assert response.status_code == 303
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/newsletter/confirm/[^\s]+/)", body).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(("days_ago", "works"), [(6.9, True), (7.1, False)])
def test_a_confirmation_link_works_for_seven_days_and_no_longer(
    days_ago, works, monkeypatch, django_capture_on_commit_callbacks
):
    # Real ages, not ones derived from the setting: a changed lifetime (70 days) fails here.
    link = confirmation_link_signed(monkeypatch, django_capture_on_commit_callbacks, days_ago)
    response = Client().post(link)
    subscriber = Subscriber.objects.get(email=f"reader-{days_ago}@example.com")
    if works:
        assert response.status_code == 200
        assert subscriber.status == Subscriber.Status.CONFIRMED
    else:
        assert response.status_code == 410
        assert subscriber.status == Subscriber.Status.PENDING


def subscribe(email="ada@example.com", **kwargs):
    kwargs.setdefault("source", "sign-up form on /newsletter/")
    return subscriptions.subscribe(email=email, consent_text="One email a week.", consent_version="test", **kwargs)


@pytest.mark.django_db
def test_the_worker_records_the_time_of_the_request_and_a_source_cut_to_size(django_capture_on_commit_callbacks):
    requested = timezone.now() - datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=False):
        subscribe(source="s" * 300, requested_at=requested)
    ada = Subscriber.objects.get()
    assert (ada.subscribed_at, ada.consent_source) == (requested, "s" * 200)


@pytest.mark.django_db
def test_an_imported_address_that_signs_up_gets_its_first_confirmation():
    import_subscribers_csv(file=io.BytesIO(b"ada@example.com\n"), source="import")  # pending, never emailed
    assert subscribe() == Subscriber.objects.get().pk  # a confirmation email is due
    assert Subscriber.objects.get().confirmation_sent_at is not None


@pytest.mark.django_db
def test_each_confirmation_email_goes_to_its_own_subscriber():
    make_subscriber(email="ada@example.com", status=Subscriber.Status.PENDING)
    bob = make_subscriber(email="bob@example.com", status=Subscriber.Status.PENDING)
    assert subscriptions.deliver_confirmation(subscriber_id=bob.pk) is None
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]


@pytest.mark.django_db
def test_confirming_one_address_confirms_no_other(django_capture_on_commit_callbacks):
    ada = make_subscriber(email="ada@example.com", status=Subscriber.Status.PENDING)
    bob = make_subscriber(email="bob@example.com", status=Subscriber.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=False):
        subscriptions.confirm(subscriber=ada)
    assert ada.status == Subscriber.Status.CONFIRMED
    bob.refresh_from_db()
    assert bob.status == Subscriber.Status.PENDING


@pytest.mark.django_db
def test_unsubscribing_skips_only_that_readers_unsent_deliveries():
    ada, bob = make_subscriber(email="ada@example.com"), make_subscriber(email="bob@example.com")
    issue, earlier = make_issue(), make_issue()
    unsent = Delivery.objects.create(issue=issue, subscriber=ada, status="pending")
    sent = Delivery.objects.create(issue=earlier, subscriber=ada, status="sent", sent_at=timezone.now())
    others = Delivery.objects.create(issue=issue, subscriber=bob, status="pending")
    subscriptions.unsubscribe(subscriber=ada)
    assert Delivery.objects.get(pk=unsent.pk).status == "skipped"
    assert Delivery.objects.get(pk=sent.pk).status == "sent"
    assert Delivery.objects.get(pk=others.pk).status == "pending"


@pytest.mark.django_db
def test_pruning_deletes_only_addresses_pending_for_more_than_30_days():
    old = timezone.now() - datetime.timedelta(days=31)
    make_subscriber(email="stale@example.com", status=Subscriber.Status.PENDING, subscribed_at=old)
    make_subscriber(email="fresh@example.com", status=Subscriber.Status.PENDING)
    make_subscriber(email="reader@example.com", subscribed_at=old)
    assert subscriptions.prune_pending() == 1
    assert subscriptions.prune_pending() == 0
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["fresh@example.com", "reader@example.com"]
    assert subscriptions.prune_pending(now=timezone.now() + datetime.timedelta(days=31)) == 1
