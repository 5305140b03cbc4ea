"""One inbox, one subscriber: every spelling of an address that reaches the same mailbox."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from newsletter.addresses import canonical_email
from newsletter.models import Subscriber

from .factories import make_subscriber

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
