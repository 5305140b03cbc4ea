"""Sending an issue through a real SMTP server on loopback: at most once per person, resumable."""

import collections
import datetime
import os
import smtplib
import subprocess
import sys
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from newsletter import tasks
from newsletter.models import Delivery, Issue, SectionLane, Subscriber
from newsletter.services import errors, sending
from tests.concurrency import another_transaction
from tests.factories import make_role

from .backends import HookedSMTPBackend
from .factories import make_issue, make_subscriber, make_subscribers

pytestmark = pytest.mark.django_db

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start(issue, django_capture_on_commit_callbacks, execute=True):
    with django_capture_on_commit_callbacks(execute=execute) as callbacks:
        tasks.start_sending(issue=issue)
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
    # In the second batch: not yet claimed when they leave. (A batch already claimed is being
    # handed to the mail server; its messages go out.)
    leaver = readers[5]

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
    Delivery.objects.filter(pk__in=theirs).update(
        status="sending", claimed_by="another-worker", claimed_at=timezone.now(), attempts=1
    )
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert report.sent == 2 and not report.finished
    claim_timeout = datetime.timedelta(seconds=django_settings.NEWSLETTER_CLAIM_TIMEOUT)
    assert report.retry_at > timezone.now() + claim_timeout - datetime.timedelta(minutes=1)
    assert set(issue.deliveries.filter(status="sending").values_list("pk", flat=True)) == set(theirs)


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
    # Batch 1 (rows 1-4) sent and marked; batch 2 (rows 5-8) claimed, marked "sending" and
    # committed before its first message, killed after two of them; rows 9-10 not claimed yet.
    assert statuses(issue) == {"sent": 4, "sending": 4, "pending": 2}

    # Restarted straight away: rows nobody holds go out; the dead worker's batch is left alone for now.
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert report.sent == 2 and not report.finished

    # After the claim timeout the dead worker's batch is failed, never resent: nobody gets two.
    settings.NEWSLETTER_CLAIM_TIMEOUT = 0
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert report.sent == 0 and report.finished
    received = received_by(smtp)
    assert set(received) <= {r.email for r in readers} and max(received.values()) == 1
    assert sum(received.values()) == 8
    assert statuses(issue) == {"sent": 6, "failed": 4}
    assert {d.last_error for d in issue.deliveries.filter(status="failed")} == {sending.ABANDONED_ERROR}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_split_the_rows_and_nobody_gets_two(smtp, settings):
    settings.NEWSLETTER_BATCH_SIZE = 3
    readers = make_subscribers(30)
    issue = make_issue()
    sending.start_sending(issue=issue)  # the two threads below are the workers

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


def test_each_reader_gets_their_own_address_links_and_message_id(smtp):
    readers = make_subscribers(3)
    issue = make_issue()
    sending.start_sending(issue=issue)
    sending.send_pending_deliveries(issue_id=issue.pk)
    by_reader = {m["envelope_to"][0]: m["message"] for m in smtp.messages}
    assert set(by_reader) == {r.email for r in readers}
    for reader in readers:
        message = by_reader[reader.email]
        assert message["To"] == reader.email
        assert message["List-Unsubscribe"].strip() == f"<http://testserver{reader.unsubscribe_path()}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        for part in ("plain", "html"):
            body = message.get_body((part,)).get_content()
            assert reader.unsubscribe_token in body and reader.preferences_token in body
            assert ".invalid/personal-link" not in body
    assert len({m["Message-ID"] for m in by_reader.values()}) == 3


def test_an_issue_with_very_long_lines_still_arrives_whole(smtp):
    make_subscribers(2)
    long_line = "word " * 300  # over 998 bytes on one line: Django switches to quoted-printable
    issue = make_issue(concept=long_line)
    sending.start_sending(issue=issue)
    sending.send_pending_deliveries(issue_id=issue.pk)
    assert len(smtp.messages) == 2
    for message in smtp.messages:
        assert long_line.strip() in message["message"].get_body(("html",)).get_content()  # still one line
        # The text part comes in lines of 72 columns, every word in them.
        assert long_line.strip() in " ".join(message["message"].get_body(("plain",)).get_content().split())


class StatusAtHandOver:
    """An email backend that notes each recipient's delivery row as the message is handed over."""

    seen = []

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            row = Delivery.objects.filter(subscriber__email=message.to[0]).values("status", "sent_at").get()
            StatusAtHandOver.seen.append((message.to[0], row["status"], row["sent_at"]))
        return len(messages)


@pytest.mark.django_db
def test_a_delivery_is_marked_sent_only_after_its_message_is_handed_over(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.StatusAtHandOver"
    StatusAtHandOver.seen = []
    subscribers = make_subscribers(3)
    issue = make_issue()
    with django_capture_on_commit_callbacks(execute=False):
        sending.start_sending(issue=issue)
    sending.send_pending_deliveries(issue_id=issue.pk)
    assert sorted(email for email, _, _ in StatusAtHandOver.seen) == sorted(s.email for s in subscribers)
    # "sending" while the mail server has it: a crash now leaves it for the never-resend rule.
    assert {(status, sent_at) for _, status, sent_at in StatusAtHandOver.seen} == {(Delivery.Status.SENDING, None)}
    assert set(issue.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_worker_skips_rows_another_worker_holds_instead_of_waiting(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_subscribers(3)
    issue = make_issue()
    sending.start_sending(issue=issue)
    held = issue.deliveries.order_by("pk").first()

    def claim():
        # Another worker in the middle of its claim: the row is locked by its open transaction.
        Delivery.objects.select_for_update().filter(pk=held.pk).get()

    with another_transaction(claim):
        with connection.cursor() as cursor:
            # Waiting for the lock would be the bug: give up after 3 s instead of hanging the test.
            cursor.execute("SET lock_timeout = '3s'")
        try:
            started = timezone.now()
            sending.send_pending_deliveries(issue_id=issue.pk)
            waited = (timezone.now() - started).total_seconds()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    assert waited < 3
    assert len(mail.outbox) == 2
    held.refresh_from_db()
    assert held.status == Delivery.Status.PENDING


@pytest.mark.parametrize(("code", "transient"), [(399, False), (400, True), (450, True), (499, True), (500, False)])
def test_smtp_replies_from_400_to_499_are_retried_and_no_others(code, transient):
    assert errors.is_transient(smtplib.SMTPResponseException(code, b"reply")) is transient
    refused = smtplib.SMTPRecipientsRefused({"ada@example.com": (code, b"reply")})
    assert errors.is_transient(refused) is transient


def test_a_refusal_is_retried_only_when_every_recipient_was_refused_for_now():
    mixed = {"ada@example.com": (451, b"later"), "bob@example.com": (550, b"no such user")}
    assert errors.is_transient(smtplib.SMTPRecipientsRefused(mixed)) is False


def test_the_email_service_refusing_the_recipients_is_final():
    assert errors.is_transient(AnymailRecipientsRefused("Mailgun refused ada@example.com")) is False


@pytest.mark.parametrize(("status", "transient"), [(499, False), (500, True), (501, True)])
def test_the_email_service_failing_with_5xx_is_retried(status, transient):
    assert errors.is_transient(AnymailAPIError("Mailgun API response", status_code=status)) is transient


def test_other_errors_are_described_by_their_type_and_text():
    assert errors.describe_error(ConnectionRefusedError(111, "Connection refused")) == (
        "ConnectionRefusedError: [Errno 111] Connection refused"
    )


def test_a_reply_that_is_not_utf8_is_shown_with_replacement_characters():
    reply = smtplib.SMTPResponseException(550, b"Mailbox \xff unavailable for <ada@example.com>")
    assert errors.describe_error(reply) == "550 Mailbox \ufffd unavailable for <address>"


def test_an_error_shown_to_editors_is_at_most_500_characters():
    assert errors.describe_error_text("x" * 600) == "x" * 500


@pytest.mark.parametrize(
    ("delays", "attempt", "seconds"),
    [([60, 600], 1, 60), ([60, 600], 2, 600), ([60, 600], 3, 600), ([], 1, 0), ([], 2, 0)],
)
def test_the_retry_delay_follows_the_setting_and_its_last_value_repeats(settings, delays, attempt, seconds):
    settings.NEWSLETTER_RETRY_DELAYS = delays
    assert errors.retry_delay(attempt) == datetime.timedelta(seconds=seconds)


@pytest.mark.django_db
def test_the_send_report_counts_each_retry_and_each_failure_with_its_error(smtp, settings):
    settings.NEWSLETTER_RETRY_DELAYS = [600, 600]
    make_subscriber(email="reader@example.com")
    smtp.reject_temporarily = {"busy1@example.com", "busy2@example.com"}
    smtp.reject_permanently = {"gone1@example.com", "gone2@example.com"}
    for email in sorted(smtp.reject_temporarily | smtp.reject_permanently):
        make_subscriber(email=email)
    issue = make_issue()
    sending.start_sending(issue=issue)
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert (report.sent, report.retried, report.failed) == (1, 2, 2)
    assert sorted(error[:3] for error in report.errors) == ["451", "451", "550", "550"]


def scheduled_issue(minutes, **fields):
    return make_issue(status=Issue.Status.SCHEDULED, scheduled_for=timezone.now() + datetime.timedelta(minutes=minutes))


@pytest.mark.django_db
def test_scheduling_explains_why_it_cannot_and_bumps_the_issues_update_time(settings):
    issue = make_issue(scheduled_for=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(ValueError) as refused:
        tasks.schedule(issue=issue)  # the test settings run tasks at once
    assert str(refused.value) == (
        "The task backend here runs tasks at once and cannot wait. Send the issue now, "
        "or run the database task backend and its worker (see docs/newsletter.md)."
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sent = make_issue(number=9, title="Evals", status=Issue.Status.SENT, scheduled_for=issue.scheduled_for)
    with pytest.raises(ValueError) as refused:
        tasks.schedule(issue=sent)
    assert str(refused.value) == f"{sent} is already sent."
    before = issue.updated_at
    tasks.schedule(issue=issue)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED and issue.updated_at > before


@pytest.mark.django_db
def test_unscheduling_one_issue_leaves_the_others_and_never_touches_a_sent_one():
    issue, other = scheduled_issue(60), scheduled_issue(120)
    sent = make_issue(status=Issue.Status.SENT)
    before = issue.updated_at
    assert sending.unschedule(issue=issue) == 1
    assert sending.unschedule(issue=sent) == 0
    statuses = dict(Issue.objects.values_list("pk", "status"))
    assert statuses == {issue.pk: Issue.Status.DRAFT, other.pk: Issue.Status.SCHEDULED, sent.pk: Issue.Status.SENT}
    issue.refresh_from_db()
    assert issue.updated_at > before


@pytest.mark.django_db
def test_moving_the_time_of_an_issue_that_is_not_scheduled_queues_nothing(django_capture_on_commit_callbacks):
    draft = make_issue(scheduled_for=timezone.now() + datetime.timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        tasks.reschedule(issue=draft, previous=timezone.now() + datetime.timedelta(hours=2))
    assert queued == []


@pytest.mark.django_db
def test_a_scheduled_task_starts_only_its_own_issue(django_capture_on_commit_callbacks):
    due, later = scheduled_issue(-1), scheduled_issue(60)
    assert sending.start_if_due(issue_id=later.pk) is False
    assert Issue.objects.get(pk=due.pk).status == Issue.Status.SCHEDULED
    with django_capture_on_commit_callbacks(execute=False):
        assert sending.start_if_due(issue_id=due.pk) is True
    assert Issue.objects.get(pk=due.pk).status == Issue.Status.SENDING
    assert Issue.objects.get(pk=later.pk).status == Issue.Status.SCHEDULED
    assert sending.start_if_due(issue_id=later.pk + due.pk + 1000) is False  # deleted meanwhile


@pytest.mark.django_db
def test_a_test_send_for_a_lane_has_only_that_lanes_parts_and_the_general_ones():
    ml, gen = make_role(name="ML Engineer"), make_role(name="GenAI Developer")
    issue = make_issue(concept="CONCEPT", architecture="ARCHITECTURE")
    SectionLane.objects.create(issue=issue, section="concept", role=ml)
    sending.send_test(issue=issue, to=["editor@example.com"], lanes=[gen.pk])
    sending.send_test(issue=issue, to=["editor@example.com"])
    lane, everyone = (message.body for message in mail.outbox)
    assert "CONCEPT" not in lane and "ARCHITECTURE" in lane
    assert "CONCEPT" in everyone and "ARCHITECTURE" in everyone


@pytest.mark.django_db(transaction=True)
def test_a_reader_who_left_before_their_turn_is_counted_as_skipped(settings):
    # Outside a transaction, as the worker runs.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_subscriber(email="ada@example.com")
    bob = make_subscriber(email="bob@example.com")
    issue = make_issue()
    sending.start_sending(issue=issue)
    Subscriber.objects.filter(pk=bob.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert (report.sent, report.skipped) == (1, 1)
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


@pytest.mark.django_db
def test_sending_one_issue_leaves_another_issue_that_is_sending_alone(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_subscriber(email="ada@example.com")
    first, second = make_issue(title="First"), make_issue(title="Second")
    for issue in (first, second):
        sending.start_sending(issue=issue)
    report = sending.send_pending_deliveries(issue_id=first.pk)
    assert report.sent == 1 and len(mail.outbox) == 1 and "First" in mail.outbox[0].subject
    assert list(second.deliveries.values_list("status", "claimed_by")) == [("pending", "")]
    statuses = dict(Issue.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk]) == (Issue.Status.SENT, Issue.Status.SENDING)
