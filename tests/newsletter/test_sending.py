"""Sending an issue through a real SMTP server on loopback: at most once per person, resumable."""

import collections
import datetime
import os
import subprocess
import sys
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from newsletter.models import Delivery, Issue, Subscriber
from newsletter.services import sending

from .backends import HookedSMTPBackend
from .factories import make_issue, make_subscriber, make_subscribers

pytestmark = pytest.mark.django_db

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start(issue, django_capture_on_commit_callbacks, execute=True):
    with django_capture_on_commit_callbacks(execute=execute) as callbacks:
        sending.start_sending(issue=issue)
    return callbacks


def received_by(smtp):
    return collections.Counter(to.lower() for to in smtp.recipients)


def assert_each_exactly_once(smtp, subscribers):
    counts = received_by(smtp)
    assert {s.email.lower(): counts[s.email.lower()] for s in subscribers} == {s.email.lower(): 1 for s in subscribers}
    assert sum(counts.values()) == len(subscribers)


def statuses(issue):
    return collections.Counter(issue.deliveries.values_list("status", flat=True))


def test_every_confirmed_subscriber_gets_the_issue_once_and_the_issue_becomes_sent(
    smtp, django_capture_on_commit_callbacks
):
    readers = make_subscribers(7)
    make_subscriber(status="pending")
    make_subscriber(status="unsubscribed")
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    assert_each_exactly_once(smtp, readers)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issue.sent_at is not None
    assert statuses(issue) == {"sent": 7}
    assert all(d.attempts == 1 and d.sent_at for d in issue.deliveries.all())


def test_each_batch_goes_over_one_smtp_connection(smtp, settings, django_capture_on_commit_callbacks):
    settings.NEWSLETTER_BATCH_SIZE = 3
    make_subscribers(7)
    start(make_issue(), django_capture_on_commit_callbacks)
    sessions = [message["session"] for message in smtp.messages]
    assert len(sessions) == 7
    assert len(set(sessions)) == 3  # 3 + 3 + 1


def test_asking_to_send_twice_sends_nothing_twice(smtp, django_capture_on_commit_callbacks):
    readers = make_subscribers(5)
    issue = make_issue()
    # Two editors press "send" before the first task has run: two tasks are queued.
    first = start(issue, django_capture_on_commit_callbacks, execute=False)
    second = start(issue, django_capture_on_commit_callbacks, execute=False)
    assert Delivery.objects.filter(issue=issue).count() == 5
    for callback in first + second:
        callback()
    assert_each_exactly_once(smtp, readers)
    # And once it is sent, asking again does nothing at all.
    start(issue, django_capture_on_commit_callbacks)
    assert_each_exactly_once(smtp, readers)
    assert Delivery.objects.filter(issue=issue).count() == 5


def test_the_audience_is_fixed_when_sending_starts(smtp, django_capture_on_commit_callbacks):
    readers = make_subscribers(2)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks, execute=False)
    late = make_subscriber()  # confirmed after the editor pressed send
    start(issue, django_capture_on_commit_callbacks)
    assert_each_exactly_once(smtp, readers)
    assert late.email not in received_by(smtp)


def test_a_send_interrupted_halfway_resumes_and_everyone_gets_exactly_one(
    smtp, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 4
    settings.NEWSLETTER_RETRY_DELAYS = [3600, 3600]
    readers = make_subscribers(10)
    issue = make_issue()
    smtp.accept_limit = 5  # the mail server starts refusing after five messages

    start(issue, django_capture_on_commit_callbacks)

    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING  # not "sent" while anyone is still waiting
    assert statuses(issue) == {"sent": 5, "pending": 5}
    waiting = issue.deliveries.filter(status="pending")
    assert all(d.attempts == 1 and d.last_error.startswith("421") for d in waiting)
    assert len(smtp.messages) == 5

    # The server recovers; an hour later the task runs again (here: by hand).
    smtp.accept_limit = None
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert report.sent == 0  # nothing is due before its retry time
    assert report.retry_at > timezone.now() + datetime.timedelta(minutes=59)
    Delivery.objects.filter(issue=issue).update(next_attempt_at=timezone.now())
    report = sending.send_pending_deliveries(issue_id=issue.pk)

    assert report.sent == 5 and report.finished
    assert_each_exactly_once(smtp, readers)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_dropped_connection_is_retried_on_a_new_one(
    smtp, settings, no_retry_wait, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 10
    readers = make_subscribers(6)
    issue = make_issue()
    smtp.drop_once_after = 2  # the third message loses its connection
    start(issue, django_capture_on_commit_callbacks)
    assert_each_exactly_once(smtp, readers)
    retried = issue.deliveries.get(attempts=2)
    assert (retried.status, retried.last_error) == ("sent", "")
    assert issue.deliveries.filter(attempts=1, status="sent").count() == 5


def test_transient_errors_are_retried_three_times_then_failed(smtp, no_retry_wait, django_capture_on_commit_callbacks):
    readers = make_subscribers(3)
    busy = make_subscriber(email="busy@example.com")
    smtp.reject_temporarily = {"busy@example.com"}
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    delivery = issue.deliveries.get(subscriber=busy)
    assert delivery.status == "failed"
    assert delivery.attempts == 3
    assert delivery.last_error.startswith("451")
    assert "busy@" not in delivery.last_error  # editors see errors, not addresses
    assert_each_exactly_once(smtp, readers)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT  # finished: everyone was either sent or given up on


def test_a_permanent_error_fails_at_once(smtp, no_retry_wait, django_capture_on_commit_callbacks):
    make_subscribers(2)
    gone = make_subscriber(email="gone@example.com")
    smtp.reject_permanently = {"gone@example.com"}
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    delivery = issue.deliveries.get(subscriber=gone)
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error.startswith("550")


def test_a_refused_connection_keeps_everyone_waiting_then_fails_after_three_tries(
    mail_to_closed_port, no_retry_wait, django_capture_on_commit_callbacks
):
    make_subscribers(3)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    assert statuses(issue) == {"pending": 3}  # the run stops at once instead of burning attempts
    assert all(d.attempts == 1 and "ConnectionRefused" in d.last_error for d in issue.deliveries.all())
    sending.send_pending_deliveries(issue_id=issue.pk)
    sending.send_pending_deliveries(issue_id=issue.pk)
    assert statuses(issue) == {"failed": 3}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_someone_who_unsubscribes_mid_send_gets_nothing_more(
    smtp, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.NEWSLETTER_BATCH_SIZE = 4
    settings.EMAIL_BACKEND = "tests.newsletter.backends.HookedSMTPBackend"
    readers = make_subscribers(8)
    leaver = readers[3]  # in the first batch, already claimed by the worker when they leave

    def leave_after_two(sent):
        if sent == 2:  # one-click unsubscribe from an earlier issue, while this one is going out
            body, content_type = "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"
            assert Client().post(leaver.unsubscribe_path(), body, content_type).status_code == 200

    monkeypatch.setattr(HookedSMTPBackend, "after_send", leave_after_two)
    monkeypatch.setattr(HookedSMTPBackend, "sent", 0)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    assert leaver.email not in received_by(smtp)
    assert_each_exactly_once(smtp, [r for r in readers if r != leaver])
    assert issue.deliveries.get(subscriber=leaver).status == "skipped"
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_subscriber_no_longer_confirmed_is_skipped_at_their_turn(smtp, django_capture_on_commit_callbacks):
    readers = make_subscribers(3)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks, execute=False)
    # Changed behind the service's back (e.g. a bulk update): the sender checks at send time.
    Subscriber.objects.filter(pk=readers[1].pk).update(status="unsubscribed")
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert (report.sent, report.skipped) == (2, 1)
    assert readers[1].email not in received_by(smtp)


def test_rows_claimed_by_a_live_worker_are_left_to_it(smtp, django_capture_on_commit_callbacks):
    make_subscribers(4)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks, execute=False)
    theirs = list(issue.deliveries.order_by("pk")[:2].values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=theirs).update(claimed_by="another-worker", claimed_at=timezone.now())
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert report.sent == 2 and not report.finished
    claim_timeout = datetime.timedelta(seconds=django_settings.NEWSLETTER_CLAIM_TIMEOUT)
    assert report.retry_at > timezone.now() + claim_timeout - datetime.timedelta(minutes=1)
    assert set(issue.deliveries.filter(status="pending").values_list("pk", flat=True)) == set(theirs)


def test_a_row_left_sending_by_a_dead_worker_is_never_resent(smtp, settings, django_capture_on_commit_callbacks):
    readers = make_subscribers(3)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks, execute=False)
    in_flight = issue.deliveries.order_by("pk").first()
    Delivery.objects.filter(pk=in_flight.pk).update(
        status="sending", claimed_by="dead", claimed_at=timezone.now() - datetime.timedelta(hours=1), attempts=1
    )
    sending.send_pending_deliveries(issue_id=issue.pk)
    in_flight.refresh_from_db()
    assert in_flight.status == "failed"
    assert in_flight.last_error == sending.ABANDONED_ERROR
    assert in_flight.subscriber.email not in received_by(smtp)
    assert_each_exactly_once(smtp, readers[1:])


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_process_is_resumed_and_nobody_gets_two(smtp, settings):
    """A real `kill -9` mid-batch: a subprocess runs `send_issue --foreground` and dies after six messages."""
    settings.NEWSLETTER_BATCH_SIZE = 4
    readers = make_subscribers(10)
    issue = make_issue()
    test_database = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": urlunsplit(test_database),
        "EMAIL_BACKEND": "tests.newsletter.backends.HookedSMTPBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "NEWSLETTER_BATCH_SIZE": "4",
        "NEWSLETTER_TEST_KILL_AFTER": "6",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", "send_issue", str(issue.number), "--foreground"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 137, run.stderr
    assert len(smtp.messages) == 6
    # Batch 1 (rows 1-4) sent; batch 2: row 5 sent, 6 handed to the server then killed, 7-8 still
    # claimed. Row 7's "sending" mark may already be committed too: it is written while row 6 goes out.
    after_kill = statuses(issue)
    in_flight = after_kill["sending"]
    assert in_flight in (1, 2)
    assert after_kill == {"sent": 5, "sending": in_flight, "pending": 5 - in_flight}

    # Restarted straight away: rows nobody holds go out; the dead worker's claims are respected for now.
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert report.sent == 2 and not report.finished

    # After the claim timeout the rest is taken over; rows that were in flight are not resent.
    settings.NEWSLETTER_CLAIM_TIMEOUT = 0
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert report.sent == 3 - in_flight and report.finished
    received = received_by(smtp)
    assert set(received) <= {r.email for r in readers} and max(received.values()) == 1  # nobody gets two
    assert sum(received.values()) == 11 - in_flight
    assert statuses(issue) == {"sent": 10 - in_flight, "failed": in_flight}
    assert {d.last_error for d in issue.deliveries.filter(status="failed")} == {sending.ABANDONED_ERROR}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_split_the_rows_and_nobody_gets_two(smtp, settings):
    settings.NEWSLETTER_BATCH_SIZE = 3
    readers = make_subscribers(30)
    issue = make_issue()
    sending.start_sending(issue=issue, enqueue=False)  # the two threads below are the workers

    errors = []

    def worker():
        try:
            sending.send_pending_deliveries(issue_id=issue.pk)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert_each_exactly_once(smtp, readers)
    assert statuses(issue) == {"sent": 30}


def test_status_values_outside_the_choices_are_refused_by_the_database():
    from django.db import IntegrityError, transaction

    issue = make_issue()
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.filter(pk=issue.pk).update(status="lost")
    delivery = Delivery.objects.create(issue=issue, subscriber=make_subscriber())
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(status="maybe")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=issue, subscriber=delivery.subscriber)


def test_a_message_built_once_reaches_each_reader_with_their_own_address_links_and_message_id(smtp):
    from newsletter import emails

    readers = make_subscribers(3)
    issue = make_issue()
    assert emails.render_issue(issue).prepared() is not None  # the fast path applies to this issue
    sending.start_sending(issue=issue, enqueue=False)
    sending.send_pending_deliveries(issue_id=issue.pk)
    by_reader = {m["envelope_to"][0]: m["message"] for m in smtp.messages}
    assert set(by_reader) == {r.email for r in readers}
    for reader in readers:
        message = by_reader[reader.email]
        assert message["To"] == reader.email
        assert reader.unsubscribe_token in message["List-Unsubscribe"]
        for part in ("plain", "html"):
            body = message.get_body((part,)).get_content()
            assert reader.unsubscribe_token in body and reader.preferences_token in body
            assert "placeholder.invalid" not in body and ".invalid/personal-link" not in body
    assert len({m["Message-ID"] for m in by_reader.values()}) == 3


def test_an_issue_django_must_encode_is_built_per_reader_and_still_arrives_whole(smtp):
    from newsletter import emails

    make_subscribers(2)
    long_line = "word " * 300  # over 998 bytes on one line: Django switches to quoted-printable
    issue = make_issue(concept=long_line)
    assert emails.render_issue(issue).prepared() is None
    sending.start_sending(issue=issue, enqueue=False)
    sending.send_pending_deliveries(issue_id=issue.pk)
    assert len(smtp.messages) == 2
    for message in smtp.messages:
        assert long_line.strip() in message["message"].get_body(("plain",)).get_content()
