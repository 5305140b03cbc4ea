"""One inbox, one subscriber: every spelling of an address that reaches the same mailbox."""

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from newsletter.addresses import canonical_email
from newsletter.models import Delivery, Subscriber

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

URL = "/newsletter/subscribe/"

# Each reaches ada@bücher.example's inbox (or ada@example.com's); each once made a new row.
SAME_INBOX = {
    "fullwidth letters": "ａｄａ@ｅｘａｍｐｌｅ.ｃｏｍ",
    "upper-case domain": "ada@EXAMPLE.com",
    "quoted local part": '"ada"@example.com',
}
SAME_IDN_INBOX = {
    "IDN": "ada@bücher.example",
    "its punycode": "ada@xn--bcher-kva.example",
    "IDN in capitals": "ada@BÜCHER.example",
}
REFUSED = {
    "zero-width space": ("ada@exa\u200bmple.com", "invisible character"),
    "soft hyphen": ("ada@exam\u00adple.com", "invisible character"),
    "trailing invisible character": ("ada@example.com\u2060", "invisible character"),
    "byte order mark": ("\ufeffada@example.com", "invisible character"),
    "IPv4 literal": ("ada@[192.0.2.1]", "not at an IP address"),
    "IPv6 literal": ("ada@[IPv6:2001:db8::1]", "not at an IP address"),
    "bare IP": ("ada@192.0.2.1", "not at an IP address"),
    "quoted local part that needs its quotes": ('"ada lovelace"@example.com', "quotation marks"),
}


def sign_up(client, capture, email):
    with capture(execute=True):
        return client.post(URL, {"email": email, "source": "page", "page": "/newsletter/"}, REMOTE_ADDR="10.1.1.1")


@pytest.fixture
def no_limit(settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 100


@pytest.mark.usefixtures("no_limit")
@pytest.mark.parametrize("spellings", [SAME_INBOX, SAME_IDN_INBOX], ids=["ascii domain", "IDN"])
def test_every_spelling_of_one_inbox_makes_one_row_and_one_email(client, django_capture_on_commit_callbacks, spellings):
    for email in spellings.values():
        assert sign_up(client, django_capture_on_commit_callbacks, email).status_code == 303
    subscriber = Subscriber.objects.get()
    assert subscriber.email in ("ada@example.com", "ada@xn--bcher-kva.example")
    assert len(mail.outbox) == 1  # the others came within 10 minutes of the first
    assert mail.outbox[0].to == [subscriber.email]


@pytest.mark.usefixtures("no_limit")
@pytest.mark.parametrize("trick", list(REFUSED))
def test_a_refused_address_gets_the_form_back_with_a_clear_message(client, django_capture_on_commit_callbacks, trick):
    email, message = REFUSED[trick]
    response = sign_up(client, django_capture_on_commit_callbacks, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'action="/newsletter/subscribe/"' in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("ａｄａ@ｅｘａｍｐｌｅ.ｃｏｍ", "ada@example.com"),
        ('"ada.l"@Example.COM', "ada.l@example.com"),
        ("Ada@bücher.example", "Ada@xn--bcher-kva.example"),
        ("ada@example.com.", "ada@example.com"),
    ],
)
def test_the_canonical_form(given, stored):
    assert canonical_email(given) == stored
    assert canonical_email(stored) == stored  # idempotent: stored rows look themselves up


def test_the_database_refuses_a_second_row_for_a_canonical_address():
    make_subscriber(email="ada@example.com")
    with pytest.raises(IntegrityError):
        make_subscriber(email="ADA@example.com")


def test_invisible_characters_can_be_stripped_for_stored_rows():
    assert canonical_email("ada@exa\u200bmple.com", strip_invisible=True) == "ada@example.com"
    with pytest.raises(ValidationError):
        canonical_email("ada@exa\u200bmple.com")


# The data migration -------------------------------------------------------------------------

migration = importlib.import_module("newsletter.migrations.0003_canonical_addresses")


def merge():
    migration.merge_duplicates(apps, None)


def test_the_migration_merges_one_inbox_keeping_the_confirmed_state_and_every_consent_record():
    first = make_subscriber(email="ａｄａ@example.com", status="pending", consent_source="footer form on /")
    confirmed = make_subscriber(email="ada@exa\u200bmple.com", status="confirmed", consent_source="sign-up form")
    third = make_subscriber(email='"ada"@EXAMPLE.com', status="pending", consent_source="import")
    other = make_subscriber(email="someone@example.com", status="pending")
    merge()
    kept = Subscriber.objects.exclude(pk=other.pk).get()
    assert kept.pk == confirmed.pk and kept.key == confirmed.key  # its links keep working
    assert kept.email == "ada@example.com"
    assert kept.status == "confirmed" and kept.consent_source == "sign-up form"
    merged = {record["key"]: record for record in kept.earlier_records}
    assert set(merged) == {first.key.hex, third.key.hex}
    assert merged[first.key.hex]["consent_source"] == "footer form on /"
    assert merged[third.key.hex]["email"] == '"ada"@EXAMPLE.com'
    assert Subscriber.objects.get(pk=other.pk).earlier_records == []


def test_the_migration_honours_an_unsubscribe_later_than_the_confirmation():
    import datetime

    from django.utils import timezone

    now = timezone.now()
    make_subscriber(email="ada@example.com", status="confirmed", confirmed_at=now - datetime.timedelta(days=5))
    make_subscriber(email="ＡＤＡ@example.com", status="unsubscribed", unsubscribed_at=now - datetime.timedelta(days=1))
    merge()
    kept = Subscriber.objects.get()
    assert kept.status == "unsubscribed" and kept.confirmed_at is not None


def test_the_migration_moves_deliveries_without_sending_an_issue_twice():
    issue, other_issue = make_issue(status="sent"), make_issue(status="sent")
    kept = make_subscriber(email="ada@example.com")
    duplicate = make_subscriber(email="ada@ＥＸＡＭＰＬＥ.com")
    Delivery.objects.create(issue=issue, subscriber=kept, status="pending")
    Delivery.objects.create(issue=issue, subscriber=duplicate, status="sent")
    Delivery.objects.create(issue=other_issue, subscriber=duplicate, status="sent")
    merge()
    rows = set(Delivery.objects.values_list("issue_id", "subscriber_id", "status"))
    survivor = Subscriber.objects.get().pk
    assert rows == {(issue.pk, survivor, "sent"), (other_issue.pk, survivor, "sent")}


def test_an_unsubscribe_link_of_a_merged_row_still_works(client):
    make_subscriber(email="ada@example.com", confirmed_at=None, status="confirmed")
    duplicate = make_subscriber(email="ａｄａ@example.com")
    link = duplicate.unsubscribe_path()
    merge()
    assert client.post(link).status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def test_the_csv_import_stores_canonical_addresses_and_refuses_tricks():
    import io

    from newsletter.services.subscriber_csv import import_subscribers_csv

    make_subscriber(email="ada@example.com")
    addresses = ["ＡＤＡ@example.com", "bob@BÜCHER.example", "bob@xn--bcher-kva.example", "zw@exa\u200bmple.com"]
    rows = "\n".join(["email", *addresses, "ip@[192.0.2.1]"])
    report = import_subscribers_csv(file=io.BytesIO(rows.encode()), source="import")
    assert (report.created, report.existing, report.repeated, report.invalid) == (1, 1, 1, 2)
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"ada@example.com", "bob@xn--bcher-kva.example"}
