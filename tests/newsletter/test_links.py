"""Confirmation and unsubscribe links: GET never changes anything, POST does, bad links change nothing."""

import time
import uuid
from unittest import mock

import pytest
from django.core import signing
from django.test import Client

from newsletter.models import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    UNSUBSCRIBE_SALT,
    Delivery,
    Subscriber,
)

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


def status_of(subscriber):
    subscriber.refresh_from_db()
    return subscriber.status


# Confirming ----------------------------------------------------------------------------------


def test_confirm_get_shows_a_button_and_changes_nothing(client):
    subscriber = make_subscriber(status="pending")
    response = client.get(subscriber.confirm_path())
    assert response.status_code == 200
    assert b'<button class="btn btn-primary btn-lg" type="submit">Confirm</button>' in response.content
    assert status_of(subscriber) == "pending"
    assert subscriber.confirmed_at is None
    assert "no-cache" in response["Cache-Control"]


def test_confirm_post_confirms(client):
    subscriber = make_subscriber(status="pending")
    response = client.post(subscriber.confirm_path())
    assert response.status_code == 200
    assert b"You are subscribed" in response.content
    assert status_of(subscriber) == "confirmed"
    assert subscriber.confirmed_at is not None


def test_confirming_twice_is_harmless(client):
    subscriber = make_subscriber(status="pending")
    client.post(subscriber.confirm_path())
    subscriber.refresh_from_db()
    first = subscriber.confirmed_at
    assert client.post(subscriber.confirm_path()).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == first


def test_a_confirm_post_from_another_site_is_refused():
    subscriber = make_subscriber(status="pending")
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(subscriber.confirm_path(), headers={"sec-fetch-site": "cross-site"})
    assert response.status_code == 403
    assert b"sent from another site" in response.content
    assert status_of(subscriber) == "pending"


def expired_token(subscriber):
    past = time.time() - CONFIRM_MAX_AGE.total_seconds() - 60
    with mock.patch("time.time", return_value=past):
        return subscriber.confirm_token


def test_a_link_just_inside_seven_days_still_works(client):
    subscriber = make_subscriber(status="pending")
    almost = time.time() - CONFIRM_MAX_AGE.total_seconds() + 60
    with mock.patch("time.time", return_value=almost):
        token = subscriber.confirm_token
    assert client.post(f"/newsletter/confirm/{token}/").status_code == 200
    assert status_of(subscriber) == "confirmed"


def tampered(token):
    return token[:-2] + ("AA" if not token.endswith("AA") else "BB")


BAD_LINKS = {
    "expired": (expired_token, 410, b"This confirmation link has expired"),
    "tampered": (lambda s: tampered(s.confirm_token), 404, b"This link does not work"),
    "garbage": (lambda s: "garbage", 404, b"This link does not work"),
    "an unsubscribe token": (lambda s: s.unsubscribe_token, 404, b"This link does not work"),
}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("kind", list(BAD_LINKS))
def test_a_bad_confirm_link_offers_a_new_one_and_changes_nothing(client, method, kind):
    make_token, status, heading = BAD_LINKS[kind]
    subscriber = make_subscriber(status="pending")
    response = getattr(client, method)(f"/newsletter/confirm/{make_token(subscriber)}/")
    assert response.status_code == status
    assert heading in response.content
    assert b'action="/newsletter/subscribe/"' in response.content  # the form for a new link
    assert status_of(subscriber) == "pending"


def test_a_validly_signed_link_for_a_deleted_subscriber_changes_nothing(client):
    token = signing.dumps(uuid.uuid4().hex, salt=CONFIRM_SALT)
    assert client.post(f"/newsletter/confirm/{token}/").status_code == 404
    token = signing.dumps("not-a-uuid", salt=CONFIRM_SALT)
    assert client.post(f"/newsletter/confirm/{token}/").status_code == 404


def test_an_old_confirm_link_cannot_resubscribe_someone_who_left(client):
    subscriber = make_subscriber(status="unsubscribed")
    assert client.post(subscriber.confirm_path()).status_code == 404
    assert status_of(subscriber) == "unsubscribed"


def test_the_new_link_form_on_the_error_page_records_its_source_but_not_the_token(
    client, django_capture_on_commit_callbacks
):
    response = client.get("/newsletter/confirm/garbage-token/")
    assert b'name="source" value="new-link"' in response.content
    assert b'name="page" value="/newsletter/confirm/"' in response.content
    page = "/newsletter/confirm/garbage-token/"  # even if a client sends the full path back
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/subscribe/", {"email": "again@example.com", "source": "new-link", "page": page})
    assert Subscriber.objects.get().consent_source == "new confirmation link form on /newsletter/confirm/"


# Unsubscribing -------------------------------------------------------------------------------


def test_unsubscribe_get_shows_one_button_and_changes_nothing(client):
    subscriber = make_subscriber()
    response = client.get(subscriber.unsubscribe_path())
    assert response.status_code == 200
    assert b">Unsubscribe</button>" in response.content
    assert status_of(subscriber) == "confirmed"


def test_unsubscribe_post_from_the_page_unsubscribes_without_login_or_redirect(client):
    subscriber = make_subscriber()
    response = client.post(subscriber.unsubscribe_path())
    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    assert status_of(subscriber) == "unsubscribed"
    assert subscriber.unsubscribed_at is not None


def test_rfc_8058_one_click_post_without_cookies_or_csrf_token():
    subscriber = make_subscriber()
    mail_provider = Client(enforce_csrf_checks=True)  # no cookies, no token: what Gmail sends
    response = mail_provider.post(
        subscriber.unsubscribe_path(),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200  # not a redirect: RFC 8058 clients do not follow them
    assert status_of(subscriber) == "unsubscribed"


def test_unsubscribing_again_is_harmless(client):
    subscriber = make_subscriber()
    client.post(subscriber.unsubscribe_path())
    subscriber.refresh_from_db()
    first = subscriber.unsubscribed_at
    again = client.post(subscriber.unsubscribe_path())
    assert again.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == first
    assert b"You are unsubscribed" in client.get(subscriber.unsubscribe_path()).content


def test_a_pending_address_can_refuse_further_confirmation_emails(client):
    subscriber = make_subscriber(status="pending")
    client.post(subscriber.unsubscribe_path())
    assert status_of(subscriber) == "unsubscribed"


def test_unknown_and_forged_unsubscribe_links_get_the_same_404(client):
    subscriber = make_subscriber()
    unknown = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(uuid.uuid4().hex)
    forged = f"{subscriber.key.hex}:forgedsignature"
    responses = [
        client.post(f"/newsletter/unsubscribe/{unknown}/"),
        client.post(f"/newsletter/unsubscribe/{forged}/"),
        client.get(f"/newsletter/unsubscribe/{forged}/"),
        client.post(f"/newsletter/unsubscribe/{subscriber.confirm_token}/"),
    ]
    assert {r.status_code for r in responses} == {404}
    assert len({r.content for r in responses}) == 1
    assert status_of(subscriber) == "confirmed"


def test_unsubscribe_links_do_not_expire(client):
    subscriber = make_subscriber()
    with mock.patch("time.time", return_value=time.time() - 5 * 365 * 24 * 3600):
        path = subscriber.unsubscribe_path()
    assert client.post(path).status_code == 200
    assert status_of(subscriber) == "unsubscribed"


def test_unsubscribing_skips_deliveries_not_sent_yet(client):
    subscriber = make_subscriber()
    issue = make_issue(status="sending")
    delivery = Delivery.objects.create(issue=issue, subscriber=subscriber)
    client.post(subscriber.unsubscribe_path())
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SKIPPED


def test_links_carry_only_the_random_key_never_the_email_address():
    subscriber = make_subscriber(email="private.person@example.com")
    assert Subscriber.key_from_confirm_token(subscriber.confirm_token)[0] == subscriber.key.hex
    assert Subscriber.key_from_unsubscribe_token(subscriber.unsubscribe_token) == subscriber.key.hex
    for path in [subscriber.confirm_path(), subscriber.unsubscribe_path()]:
        assert "private" not in path and "example" not in path


@pytest.mark.django_db
def test_a_link_of_a_row_merged_into_another_reaches_the_row_it_was_merged_into(client):
    old = make_subscriber(email="Ada@Example.com")
    link = old.unsubscribe_path()
    kept = make_subscriber(email="ada@example.org", earlier_records=[{"key": old.key.hex, "email": old.email}])
    old.delete()
    assert client.post(link).status_code == 200
    kept.refresh_from_db()
    assert kept.status == Subscriber.Status.UNSUBSCRIBED
