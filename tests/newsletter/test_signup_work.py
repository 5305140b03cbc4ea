"""What a sign-up request does is the same whatever the address's state; the sign-up task decides."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import default_task_backend

from careerhub.core.public_forms import FORM_BODY_LIMIT
from newsletter.forms import CONSENT_VERSION
from newsletter.models import Subscriber

from .factories import make_subscriber

pytestmark = pytest.mark.django_db

URL = "/newsletter/subscribe/"
HOUR = datetime.timedelta(hours=1)


def post(client, email="ada@example.com"):
    return client.post(URL, {"email": email, "source": "page", "page": "/newsletter/"}, REMOTE_ADDR="10.2.2.2")


def sign_up(client, capture, email="ada@example.com"):
    with capture(execute=True):
        return post(client, email)


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


STATES = {
    "new": None,
    "pending": "pending",
    "confirmed": "confirmed",
    "unsubscribed": "unsubscribed",
}


def test_the_request_does_the_same_work_whatever_the_state(
    client, django_capture_on_commit_callbacks, dummy_tasks, settings
):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 100
    work = {}
    for state, status in STATES.items():
        if status:
            make_subscriber(email=f"{state}@example.com", status=status)
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            assert post(client, f"{state}@example.com").status_code == 303
        enqueued = [
            (result.task.name, {**result.kwargs, "email": result.kwargs["email"].replace(state, "<state>")})
            for result in dummy_tasks.results
        ]
        dummy_tasks.clear()
        sql = [
            re.sub(r"'[0-9-]+[T ][0-9:.]+\+00:00'", "<now>", query["sql"].replace(f"{state}@example.com", "<address>"))
            for query in queries.captured_queries
        ]
        work[state] = (sql, enqueued)
    assert work["new"][0] == []  # the request reads and writes nothing about the address
    [(name, kwargs)] = work["new"][1]
    assert name == "sign_up"
    assert (kwargs["email"], kwargs["source"], kwargs["consent_version"]) == (
        "<state>@example.com",
        "sign-up form on /newsletter/",
        CONSENT_VERSION,
    )
    # The same task for every state, but for the time each was made.
    assert all(
        ({**done[1][0][1], "requested_at": 0}, done[0]) == ({**kwargs, "requested_at": 0}, []) for done in work.values()
    )


def test_no_confirmation_email_within_a_day_of_unsubscribing_however_often_someone_signs_up(
    client, django_capture_on_commit_callbacks, settings
):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 100
    long_ago = timezone.now() - 2 * HOUR
    make_subscriber(
        status="unsubscribed", email="ada@example.com", unsubscribed_at=timezone.now(), confirmation_sent_at=long_ago
    )
    for _ in range(3):
        sign_up(client, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_after_a_day_a_sign_up_sends_one_again(client, django_capture_on_commit_callbacks):
    two_days_ago = timezone.now() - 48 * HOUR
    make_subscriber(status="unsubscribed", email="ada@example.com", unsubscribed_at=two_days_ago)
    sign_up(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_within_the_day_the_link_already_sent_confirms_after_a_new_sign_up(client, django_capture_on_commit_callbacks):
    subscriber = make_subscriber(
        status="unsubscribed",
        email="ada@example.com",
        unsubscribed_at=timezone.now(),
        confirmation_sent_at=timezone.now() - HOUR,
    )
    existing_link = subscriber.confirm_path()
    assert client.post(existing_link).status_code == 404  # left, and has not asked to come back
    sign_up(client, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert client.post(existing_link).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.unsubscribed_at is None


def test_a_confirmation_link_stops_working_once_a_newer_one_is_sent(client, django_capture_on_commit_callbacks):
    subscriber = make_subscriber(status="pending", email="ada@example.com", confirmation_sent_at=timezone.now() - HOUR)
    old_link = subscriber.confirm_path()
    sign_up(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    response = client.post(old_link)
    assert response.status_code == 410
    assert b"A newer confirmation link replaced this one" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    [new_link] = re.findall(r"/newsletter/confirm/[^/\s>]+/", mail.outbox[0].body)
    assert new_link != old_link
    assert client.post(new_link).status_code == 200


def test_an_old_link_does_not_work_again_after_a_re_subscribe(client, django_capture_on_commit_callbacks):
    subscriber = make_subscriber(
        status="unsubscribed", email="ada@example.com", unsubscribed_at=timezone.now() - 48 * HOUR
    )
    old_link = subscriber.confirm_path()
    sign_up(client, django_capture_on_commit_callbacks)  # pending again, with a new link
    assert client.post(old_link).status_code == 410
    assert Subscriber.objects.get().status == "pending"


# Bodies and uploads -------------------------------------------------------------------------


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # any file Django accepted would go to disk, here
    return tmp_path


def public_form_urls():
    subscriber = make_subscriber(status="pending")
    return [URL, subscriber.confirm_path(), subscriber.unsubscribe_path()]


def test_the_public_forms_refuse_a_large_body_without_writing_it(client, upload_dir):
    big = SimpleUploadedFile("cv.pdf", b"x" * 10 * 1024 * 1024)
    for url in public_form_urls():
        response = client.post(url, {"email": "ada@example.com", "file": big})
        assert response.status_code == 413, url
        assert b"too large" in response.content
        big.seek(0)
    assert list(upload_dir.iterdir()) == []
    assert Subscriber.objects.get().status == "pending"


def test_the_public_forms_refuse_a_file_upload(client, upload_dir):
    for url in public_form_urls():
        small = SimpleUploadedFile("note.txt", b"hello")
        response = client.post(url, {"email": "ada@example.com", "file": small})
        assert response.status_code == 400, url
        assert b"does not take files" in response.content
    assert list(upload_dir.iterdir()) == []
    assert Subscriber.objects.get().status == "pending"


def test_a_form_body_just_under_the_limit_is_read(client, django_capture_on_commit_callbacks):
    padding = "x" * (FORM_BODY_LIMIT - 1000)  # the rest is multipart framing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"email": "ada@example.com", "source": "page", "page": padding})
    assert response.status_code == 303
    assert Subscriber.objects.get().email == "ada@example.com"


def test_one_click_unsubscribe_in_multipart_without_a_file_still_works(client):
    subscriber = make_subscriber()
    response = client.post(subscriber.unsubscribe_path(), {"List-Unsubscribe": "One-Click"})  # multipart
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
