"""The production path: tasks queued in the database (django-tasks-db) and run by `manage.py db_worker`."""

import datetime
import io
import threading
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import tasks
from newsletter.models import Issue, SignupRequest, Subscriber
from newsletter.services import sending, subscriptions
from newsletter.tasks import SIGNUP_BATCH_INTERVAL
from tests.concurrency import another_transaction

from .factories import make_issue, make_signup_request, make_subscriber, make_subscribers

# db_worker closes database connections as a long-running worker should, so these tests run
# outside a wrapping transaction (and commits happen, as in production).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def queued(task_name):
    return DBTaskResult.objects.filter(task_path=f"newsletter.tasks.{task_name}", status="READY")


def run_signups_then_worker():
    """A second later: the queued run of process_signups is due; the worker runs it, then the emails."""
    [run] = queued("process_signups")
    assert timezone.now() < run.run_after <= timezone.now() + SIGNUP_BATCH_INTERVAL
    DBTaskResult.objects.filter(pk=run.pk).update(run_after=timezone.now())
    run_worker()


@pytest.fixture
def no_signup_limit(settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 10_000


def sign_up(client, email):
    response = client.post("/newsletter/subscribe/", {"email": email, "source": "page"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 303


def test_sign_ups_wait_as_rows_for_one_shared_run_of_the_worker(smtp, client, no_signup_limit):
    emails = [f"reader{n}@example.com" for n in range(3)]
    for email in emails:
        sign_up(client, email)
    assert sorted(SignupRequest.objects.values_list("email", flat=True)) == emails
    assert Subscriber.objects.count() == 0  # the request only stores what it was sent
    assert queued("process_signups").count() == 1

    run_signups_then_worker()
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == emails
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"pending"}
    assert SignupRequest.objects.count() == 0
    assert sorted(smtp.recipients) == emails


class Clock:
    """The scheduler's clocks (monotonic and wall), moved by the test."""

    def __init__(self):
        self.seconds, self.start = 0.0, timezone.now()

    def monotonic(self):
        return self.seconds

    def now(self):
        return self.start + datetime.timedelta(seconds=self.seconds)


def test_every_sign_up_is_covered_by_a_run_that_starts_after_it(client, no_signup_limit, monkeypatch):
    """Once a sign-up is stored, a queued run starts at least half the interval later, so it sees
    the row even if the worker's clock runs ahead by less than that."""
    clock = Clock()
    monkeypatch.setattr(tasks, "time", SimpleNamespace(monotonic=clock.monotonic))
    monkeypatch.setattr(tasks, "timezone", SimpleNamespace(now=clock.now))
    for n in range(1, 51):
        clock.seconds = 0.07 * n
        sign_up(client, f"reader{n}@example.com")
        latest = queued("process_signups").order_by("-run_after").first()
        assert latest.run_after - clock.now() >= SIGNUP_BATCH_INTERVAL / 2, n
    # One run per half interval (at 0.07, 0.63, 1.19 ... 3.43 s), not one per sign-up.
    assert queued("process_signups").count() == 7
    assert SignupRequest.objects.count() == 50


def test_a_sign_up_that_fails_is_retried_later_then_left_for_a_person(client, no_signup_limit, caplog):
    make_signup_request(email="not an address")
    sign_up(client, "ada@example.com")
    taken, retry_at = subscriptions.process_signup_requests(limit=100)
    assert taken == 2 and retry_at > timezone.now() + datetime.timedelta(seconds=50)  # NEWSLETTER_RETRY_DELAYS
    bad = SignupRequest.objects.get()
    assert (bad.email, bad.attempts, bad.next_attempt_at) == ("not an address", 1, retry_at)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ada@example.com"]
    assert subscriptions.process_signup_requests(limit=100) == (0, None)  # not yet due
    for attempt in range(2, SignupRequest.MAX_ATTEMPTS + 1):
        SignupRequest.objects.update(next_attempt_at=timezone.now())  # time passes
        taken, retry_at = subscriptions.process_signup_requests(limit=100)
        assert taken == 1 and SignupRequest.objects.get().attempts == attempt
    assert retry_at is None  # the last attempt: nothing to come back for
    SignupRequest.objects.update(next_attempt_at=timezone.now())
    assert subscriptions.process_signup_requests(limit=100) == (0, None)  # left for a person now
    assert "failed (attempt 5)" in caplog.text


def test_the_worker_comes_back_for_a_sign_up_that_failed():
    make_signup_request(email="not an address")
    tasks.process_signups.enqueue()
    run_worker()
    [comeback] = queued("process_signups")
    assert abs(comeback.run_after - SignupRequest.objects.get().next_attempt_at) < datetime.timedelta(seconds=1)


def test_workers_skip_a_sign_up_another_worker_holds(client, no_signup_limit):
    for n in range(5):
        sign_up(client, f"reader{n}@example.com")
    first = SignupRequest.objects.first()
    with another_transaction(lambda: SignupRequest.objects.select_for_update().get(pk=first.pk)):
        assert subscriptions.process_signup_requests(limit=100) == (4, None)
    assert list(SignupRequest.objects.all()) == [first]
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [f"reader{n}@example.com" for n in range(1, 5)]


def test_workers_side_by_side_handle_each_sign_up_once(client, no_signup_limit):
    emails = [f"reader{n}@example.com" for n in range(40)]
    for email in emails:
        sign_up(client, email)
    taken = []
    workers = [threading.Thread(target=lambda: taken.append(run_in_thread())) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(taken) == 40
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == sorted(emails)
    assert queued("send_confirmation_email").count() == 40


def run_in_thread():
    try:
        return subscriptions.process_signup_requests(limit=100)[0]
    finally:
        connection.close()


def test_a_sign_up_queued_as_a_task_by_the_code_before_is_still_handled(smtp):
    """During an upgrade, nodes not yet restarted queue the old task (and the queue may hold some)."""
    requested = timezone.now() - datetime.timedelta(minutes=3)
    kwargs = {"source": "sign-up form on /roles/", "consent_text": "One email a week.", "consent_version": "v"}
    tasks.process_signup.enqueue(email="ada@example.com", requested_at=requested.isoformat(), **kwargs)
    run_worker()
    ada = Subscriber.objects.get()
    assert (ada.email, ada.status, ada.subscribed_at, ada.consent_source) == (
        "ada@example.com",
        "pending",
        requested,
        "sign-up form on /roles/",
    )
    assert smtp.recipients == ["ada@example.com"]


def test_the_worker_sends_a_queued_issue(smtp):
    readers = make_subscribers(3)
    issue = make_issue()
    sending.start_sending(issue=issue)
    assert queued("send_issue_deliveries").count() == 1
    assert smtp.messages == []  # nothing is sent by the request itself
    run_worker()
    assert sorted(smtp.recipients) == sorted(r.email for r in readers)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_the_worker_comes_back_for_deliveries_waiting_to_retry(smtp, settings):
    settings.NEWSLETTER_RETRY_DELAYS = [120, 600]
    make_subscribers(2)
    make_subscriber(email="busy@example.com")
    smtp.reject_temporarily = {"busy@example.com"}
    issue = make_issue()
    sending.start_sending(issue=issue)
    run_worker()
    [rerun] = queued("send_issue_deliveries")
    assert rerun.run_after > timezone.now() + datetime.timedelta(seconds=100)  # the retry time, not a busy loop
    assert len(smtp.messages) == 2

    smtp.reject_temporarily = set()
    DBTaskResult.objects.filter(pk=rerun.pk).update(run_after=timezone.now())
    issue.deliveries.update(next_attempt_at=timezone.now())  # two minutes later
    run_worker()
    assert len(smtp.messages) == 3
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_confirmation_email_survives_a_mail_server_outage(smtp, client, settings):
    settings.NEWSLETTER_RETRY_DELAYS = [60, 600]
    smtp.reject_temporarily = {"ada@example.com"}
    response = client.post("/newsletter/subscribe/", {"email": "ada@example.com", "source": "page"})
    assert response.status_code == 303
    run_signups_then_worker()
    assert smtp.messages == []
    [retry] = queued("send_confirmation_email")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    assert Subscriber.objects.get().status == "pending"  # kept while the server is down

    smtp.reject_temporarily = set()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    [message] = smtp.messages
    assert message["envelope_to"] == ["ada@example.com"]
    assert "/newsletter/confirm/" in message["message"].get_body(preferencelist=("plain",)).get_content()


def test_a_scheduled_issue_goes_out_at_its_time(smtp):
    readers = make_subscribers(2)
    issue = make_issue(scheduled_for=timezone.now() + datetime.timedelta(hours=2))
    sending.schedule(issue=issue)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    [task] = queued("start_scheduled_issue")
    assert abs(task.run_after - issue.scheduled_for) < datetime.timedelta(seconds=1)
    run_worker()
    assert smtp.messages == []  # not yet

    # Two hours later.
    Issue.objects.filter(pk=issue.pk).update(scheduled_for=timezone.now())
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
    run_worker()
    run_worker()  # the send task that the scheduled task queued
    assert sorted(smtp.recipients) == sorted(r.email for r in readers)


def test_a_cancelled_schedule_sends_nothing(smtp):
    make_subscribers(2)
    issue = make_issue(scheduled_for=timezone.now() + datetime.timedelta(hours=1))
    sending.schedule(issue=issue)
    sending.unschedule(issue=issue)
    DBTaskResult.objects.update(run_after=timezone.now())
    Issue.objects.filter(pk=issue.pk).update(scheduled_for=timezone.now())
    run_worker()
    run_worker()
    assert smtp.messages == []
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_scheduling_refuses_a_time_in_the_past():
    issue = make_issue(scheduled_for=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValueError, match="future"):
        sending.schedule(issue=issue)


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def scheduled_issue(**delta):
    issue = make_issue(scheduled_for=later(**delta))
    sending.schedule(issue=issue)
    issue.refresh_from_db()
    return issue


def move(issue, when):
    previous = issue.scheduled_for
    issue.scheduled_for = when
    issue.save(update_fields=["scheduled_for"])
    sending.reschedule(issue=issue, previous=previous)


def time_passes_until(issue, task_pk=None):
    """Pretend the issue's time has come: it is due and so is the task (or every queued task)."""
    Issue.objects.filter(pk=issue.pk).update(scheduled_for=timezone.now())
    tasks = DBTaskResult.objects.filter(status="READY")
    (tasks.filter(pk=task_pk) if task_pk else tasks).update(run_after=timezone.now())


def test_an_issue_moved_later_still_goes_out_at_its_new_time(smtp):
    readers = make_subscribers(2)
    issue = scheduled_issue(hours=1)
    move(issue, later(hours=3))
    DBTaskResult.objects.update(run_after=timezone.now())  # an hour later: the old task runs
    run_worker()
    assert smtp.messages == []  # not yet: it waits for the new time
    [waiting] = queued("start_scheduled_issue")
    assert abs(waiting.run_after - issue.scheduled_for) < datetime.timedelta(seconds=1)

    time_passes_until(issue)
    run_worker()
    run_worker()
    assert sorted(smtp.recipients) == sorted(r.email for r in readers)


def test_an_issue_moved_earlier_goes_out_at_its_new_time(smtp):
    readers = make_subscribers(2)
    issue = scheduled_issue(hours=3)
    move(issue, later(hours=1))
    new_task = queued("start_scheduled_issue").get(run_after__lt=later(hours=2))
    assert abs(new_task.run_after - issue.scheduled_for) < datetime.timedelta(seconds=1)

    time_passes_until(issue, new_task.pk)  # an hour later; the old task is still two hours off
    run_worker()
    run_worker()
    assert sorted(smtp.recipients) == sorted(r.email for r in readers)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    DBTaskResult.objects.update(run_after=timezone.now())  # the old task's time
    run_worker()
    assert len(smtp.messages) == 2  # nobody gets it twice


def test_clearing_the_time_of_a_scheduled_issue_unschedules_it(smtp):
    make_subscribers(1)
    issue = scheduled_issue(hours=1)
    move(issue, None)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    DBTaskResult.objects.update(run_after=timezone.now())
    run_worker()
    assert smtp.messages == []
