"""Watching a certification: double opt-in, one alert per change per day through a real SMTP server,
at most once per reader even after a worker dies, and a form that answers bad input with a message."""

import collections
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from certifications.models import Fact
from newsletter.models import CertificationChange, Subscriber, Watch, WatchDelivery
from newsletter.services import sending, subscriptions, watching
from tests.certifications.factories import make_certification, make_domain, make_fact, make_source

from .factories import make_subscriber

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/newsletter/[a-z]+(?:/[a-z]+)?/[^/\s>]+/)")


def watcher(certification, confirmed=True, **fields):
    subscriber = make_subscriber(**fields)
    Watch.objects.create(
        subscriber=subscriber, certification=certification, confirmed_at=timezone.now() if confirmed else None
    )
    return subscriber


def received_by(smtp):
    return collections.Counter(to.lower() for to in smtp.recipients)


def retire(certification, on, capture):
    with capture(execute=True):
        certification.retires_on = on
        certification.save()


@pytest.fixture
def certification():
    cert = make_certification(exam_code="AI-102", name="Azure AI Engineer Associate")
    make_fact(
        cert, kind=Fact.Kind.STATUS, value="Available", source=make_source(cert, url="https://learn.example/ai-102")
    )
    return cert


def test_a_status_change_sends_exactly_one_email_per_confirmed_watcher(
    certification, smtp, django_capture_on_commit_callbacks
):
    readers = [watcher(certification), watcher(certification)]
    waiting = watcher(certification, confirmed=False)
    left = watcher(certification, status=Subscriber.Status.UNSUBSCRIBED)
    suppressed = watcher(certification, suppressed_at=timezone.now(), suppressed_because="hard_bounce")
    retire(certification, datetime.date(2026, 6, 30), django_capture_on_commit_callbacks)

    assert received_by(smtp) == {r.email: 1 for r in readers}
    for nobody in (waiting, left, suppressed):
        assert nobody.email not in received_by(smtp)
    message = smtp.messages[0]["message"]
    assert message["Subject"] == "AI-102 changed: Status, Retiring on / retired on (The Lane Change)"
    body = message.get_body(("plain",)).get_content()
    assert "**Status**: Available → Retired" in body
    assert "**Retiring on / retired on**: — → 2026-06-30" in body
    assert "https://learn.example/ai-102" in body
    assert str(message["List-Unsubscribe"]).strip().startswith("<http://testserver/newsletter/unsubscribe/")


def test_the_subject_uses_the_newsletter_name_setting(
    certification, smtp, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_NAME = "Model Notes"
    watcher(certification)
    retire(certification, datetime.date(2026, 6, 30), django_capture_on_commit_callbacks)
    assert smtp.messages[0]["message"]["Subject"].endswith("(Model Notes)")


def test_a_price_length_or_weight_change_names_old_and_new_with_its_source(
    certification, smtp, django_capture_on_commit_callbacks
):
    reader = watcher(certification)
    price = make_fact(certification, kind=Fact.Kind.PRICE, value="USD 165")
    domain = make_domain(certification, name="Generative AI", weight=(15, 20))
    with django_capture_on_commit_callbacks(execute=True):
        price.value = "USD 175"
        price.save()
        weight = domain.weights.get()
        weight.weight_min, weight.weight_max = 30, 35
        weight.save()
    assert received_by(smtp) == {reader.email: 1}
    body = " ".join(smtp.messages[0]["message"].get_body(("plain",)).get_content().split())  # unwrapped
    assert f"**Price**: USD 165 → USD 175 ([source]({price.source.url}))" in body
    assert "**Weight of “Generative AI”**: 15–20% → 30–35%" in body


def test_saving_without_a_watched_change_sends_nothing(certification, smtp, django_capture_on_commit_callbacks):
    watcher(certification)
    with django_capture_on_commit_callbacks(execute=True):
        certification.summary = "A new summary."
        certification.save()
        make_fact(certification, kind=Fact.Kind.LANGUAGES, value="English")
    assert smtp.messages == []
    assert not CertificationChange.objects.exists()


def test_a_certification_nobody_watches_records_nothing(certification, smtp, django_capture_on_commit_callbacks):
    watcher(certification, confirmed=False)
    retire(certification, datetime.date(2026, 6, 30), django_capture_on_commit_callbacks)
    assert not CertificationChange.objects.exists()
    assert smtp.messages == []


def test_at_most_one_email_per_certification_per_day(certification, smtp, django_capture_on_commit_callbacks):
    reader = watcher(certification)
    retire(certification, datetime.date(2026, 6, 30), django_capture_on_commit_callbacks)
    retire(certification, datetime.date(2026, 7, 31), django_capture_on_commit_callbacks)
    assert received_by(smtp) == {reader.email: 1}

    tomorrow = watching.next_day_start() + datetime.timedelta(hours=7)
    alert_id, wait = watching.start_alert(certification_id=certification.pk, now=tomorrow)
    assert wait is None
    watching.send_alert(alert_id=alert_id)
    assert received_by(smtp) == {reader.email: 2}
    assert "2026-06-30 → 2026-07-31" in smtp.messages[1]["message"].get_body(("plain",)).get_content()


def test_changes_after_todays_alert_wait_for_tomorrow(certification, smtp, django_capture_on_commit_callbacks):
    watcher(certification)
    retire(certification, datetime.date(2026, 6, 30), django_capture_on_commit_callbacks)
    retire(certification, datetime.date(2026, 7, 31), django_capture_on_commit_callbacks)
    alert_id, wait = watching.start_alert(certification_id=certification.pk)
    assert alert_id is None and wait == watching.next_day_start()


def test_a_worker_that_dies_mid_alert_never_sends_anyone_a_second_email(
    certification, smtp, settings, django_capture_on_commit_callbacks
):
    readers = [watcher(certification) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False):
        certification.retires_on = datetime.date(2026, 6, 30)
        certification.save()
    alert_id, _ = watching.start_alert(certification_id=certification.pk)
    # A worker claimed the first row (committed "sending") and died before marking it.
    in_flight = WatchDelivery.objects.filter(alert_id=alert_id).order_by("pk").first()
    WatchDelivery.objects.filter(pk=in_flight.pk).update(
        status="sending", claimed_at=timezone.now() - datetime.timedelta(hours=1), attempts=1
    )
    watching.send_alert(alert_id=alert_id)
    watching.send_alert(alert_id=alert_id)  # restarted again: nothing left to send
    in_flight.refresh_from_db()
    assert in_flight.status == "failed" and in_flight.last_error == sending.ABANDONED_ERROR
    assert received_by(smtp) == {r.email: 1 for r in readers if r.pk != in_flight.subscriber_id}


def test_rows_a_live_worker_holds_are_left_to_it(certification, smtp, django_capture_on_commit_callbacks):
    watcher(certification)
    with django_capture_on_commit_callbacks(execute=False):
        certification.retires_on = datetime.date(2026, 6, 30)
        certification.save()
    alert_id, _ = watching.start_alert(certification_id=certification.pk)
    WatchDelivery.objects.filter(alert_id=alert_id).update(status="sending", claimed_at=timezone.now(), attempts=1)
    watching.send_alert(alert_id=alert_id)
    assert smtp.messages == []
    assert WatchDelivery.objects.get().status == "sending"


def test_a_watcher_who_unsubscribes_before_their_turn_gets_nothing(
    certification, smtp, django_capture_on_commit_callbacks
):
    stays, leaves = watcher(certification), watcher(certification)
    with django_capture_on_commit_callbacks(execute=False):
        certification.retires_on = datetime.date(2026, 6, 30)
        certification.save()
    alert_id, _ = watching.start_alert(certification_id=certification.pk)
    subscriptions.unsubscribe(subscriber=leaves)
    watching.send_alert(alert_id=alert_id)
    assert received_by(smtp) == {stays.email: 1}
    assert not Watch.objects.filter(subscriber=leaves).exists()


# The public form


def post_watch(client, certification, capture, **data):
    with capture(execute=True):
        return client.post(f"/newsletter/watch/{certification.slug}/", data)


def test_watching_is_double_opt_in(certification, client, smtp, django_capture_on_commit_callbacks):
    response = post_watch(client, certification, django_capture_on_commit_callbacks, email="Ada@Example.com")
    assert response.status_code == 303 and response["Location"] == "/newsletter/watch/done/"
    watch = Watch.objects.get()
    assert watch.confirmed_at is None and watch.subscriber.status == Subscriber.Status.PENDING
    confirmation = smtp.messages[0]["message"]
    assert "AI-102" in confirmation["Subject"]
    path = LINK.search(confirmation.get_body(("plain",)).get_content()).group(1)
    assert path.startswith("/newsletter/watch/confirm/")

    assert b"Confirm" in client.get(path).content  # a mail scanner's GET changes nothing
    watch.refresh_from_db()
    assert watch.confirmed_at is None
    assert client.post(path).status_code == 200
    watch.refresh_from_db()
    assert watch.confirmed_at is not None

    retire(certification, datetime.date(2026, 6, 30), django_capture_on_commit_callbacks)
    assert received_by(smtp) == {"ada@example.com": 2}
    # Watching did not sign the address up for the weekly issues.
    assert not Subscriber.objects.sendable().exists()


def test_asking_twice_sends_one_confirmation_and_the_answer_is_the_same(
    certification, client, smtp, django_capture_on_commit_callbacks
):
    first = post_watch(client, certification, django_capture_on_commit_callbacks, email="ada@example.com")
    second = post_watch(client, certification, django_capture_on_commit_callbacks, email="ada@example.com")
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert len(smtp.messages) == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"email": ""}, {"email": "not-an-address"}, {"email": "a" * 300 + "@example.com"}, {"email": "a@[127.0.0.1]"}],
)
def test_bad_input_on_the_watch_form_gets_a_message_not_an_error(certification, client, data, smtp):
    response = client.post(f"/newsletter/watch/{certification.slug}/", data)
    assert response.status_code == 400
    assert b'class="alert alert-danger"' in response.content
    assert not Watch.objects.exists() and smtp.messages == []


def test_the_watch_form_for_an_unknown_or_unpublished_certification_is_a_404(client):
    hidden = make_certification(is_published=False)
    assert client.post("/newsletter/watch/no-such-exam/", {"email": "a@example.com"}).status_code == 404
    assert client.post(f"/newsletter/watch/{hidden.slug}/", {"email": "a@example.com"}).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}, {"origin": "https://evil.example"}],
)
def test_a_watch_posted_from_another_site_is_refused(certification, headers):
    response = Client(enforce_csrf_checks=True).post(
        f"/newsletter/watch/{certification.slug}/", {"email": "a@example.com"}, headers=headers
    )
    assert response.status_code == 403
    assert not Watch.objects.exists()


def test_the_watch_form_refuses_a_large_body_and_files(certification, client):
    url = f"/newsletter/watch/{certification.slug}/"
    big = SimpleUploadedFile("cv.pdf", b"x" * 1024 * 1024)
    assert client.post(url, {"email": "a@example.com", "file": big}).status_code == 413
    small = SimpleUploadedFile("note.txt", b"hello")
    assert client.post(url, {"email": "a@example.com", "file": small}).status_code == 400
    assert not Watch.objects.exists()


def test_a_bot_filling_the_honeypot_gets_the_same_answer_and_nothing_is_stored(
    certification, client, smtp, django_capture_on_commit_callbacks
):
    response = post_watch(
        client, certification, django_capture_on_commit_callbacks, email="a@example.com", website="spam"
    )
    assert response.status_code == 303
    assert not Watch.objects.exists() and smtp.messages == []


def test_the_certification_page_carries_the_watch_form(certification, client):
    page = client.get(certification.get_absolute_url())
    assert f'action="/newsletter/watch/{certification.slug}/"'.encode() in page.content
    assert b"Tell me when this changes" in page.content


# The preferences page


def test_a_subscriber_adds_lists_and_removes_watches_on_the_preferences_page(certification, client, smtp):
    reader = make_subscriber()
    url = reader.preferences_path()
    response = client.post(url, {"action": "watch", "certification": certification.pk})
    assert response.status_code == 200
    assert Watch.objects.get(subscriber=reader).confirmed_at is not None  # the signed link proves the address
    assert certification.name.encode() in client.get(url).content
    client.post(url, {"action": "unwatch", "certification": certification.pk})
    assert not Watch.objects.exists()
    assert smtp.messages == []


@pytest.mark.parametrize(
    "data",
    [
        {"action": "watch"},
        {"action": "watch", "certification": "x"},
        {"action": "watch", "certification": "999999"},
        {"action": "nonsense"},
        {"action": "course", "course": "abc"},
    ],
)
def test_bad_input_on_the_preferences_page_gets_a_message(client, data):
    reader = make_subscriber()
    response = client.post(reader.preferences_path(), data)
    assert response.status_code == 400
    assert b'class="alert alert-danger"' in response.content


def test_unsubscribing_removes_the_watches(certification):
    reader = watcher(certification)
    subscriptions.unsubscribe(subscriber=reader)
    assert not Watch.objects.exists()


def test_an_address_that_confirmed_only_a_watch_is_not_pruned(certification):
    long_ago = timezone.now() - datetime.timedelta(days=60)
    kept = watcher(certification, status=Subscriber.Status.PENDING, subscribed_at=long_ago, confirmed_at=None)
    pruned = make_subscriber(status=Subscriber.Status.PENDING, subscribed_at=long_ago, confirmed_at=None)
    subscriptions.prune_pending()
    assert Subscriber.objects.filter(pk=kept.pk).exists()
    assert not Subscriber.objects.filter(pk=pruned.pk).exists()


def test_the_preferences_page_query_count_does_not_grow_with_watches(client, django_assert_num_queries):
    reader = make_subscriber()
    for _ in range(3):
        Watch.objects.create(subscriber=reader, certification=make_certification(), confirmed_at=timezone.now())
    with django_assert_num_queries(7):
        assert client.get(reader.preferences_path()).status_code == 200
    for _ in range(3):
        Watch.objects.create(subscriber=reader, certification=make_certification(), confirmed_at=timezone.now())
    with django_assert_num_queries(7):
        assert client.get(reader.preferences_path()).status_code == 200


def test_an_editor_marking_a_fact_checked_sends_nothing(certification, smtp, django_user_model):
    from certifications.services import mark_claim_reviewed

    price = make_fact(certification, kind=Fact.Kind.PRICE, value="USD 165")
    watcher(certification)
    editor = django_user_model.objects.create_user("checker", password="x")
    mark_claim_reviewed(claim=price, user=editor)
    # A save of other fields from an object read before a change compares nothing it does not write.
    stale = type(certification).objects.get(pk=certification.pk)
    type(certification).objects.filter(pk=certification.pk).update(retires_on=datetime.date(2026, 6, 30))
    stale.save(update_fields=["updated_at"])
    assert not CertificationChange.objects.exists()
    assert smtp.messages == []
