"""The production path: tasks queued in the database (django-tasks-db) and run by `manage.py db_worker`."""

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import tasks
from newsletter.models import Issue, Subscriber
from newsletter.services import sending

from .factories import make_issue, make_subscriber, make_subscribers

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


@pytest.fixture
def no_signup_limit(settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 10_000


def sign_up(client, email):
    response = client.post("/newsletter/subscribe/", {"email": email, "source": "page"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 303


def test_each_sign_up_is_one_queued_task_that_the_worker_runs(smtp, client, no_signup_limit):
    emails = [f"reader{n}@example.com" for n in range(3)]
    for email in emails:
        sign_up(client, email)
    assert queued("sign_up").count() == 3
    assert Subscriber.objects.count() == 0  # the request only queues what it was sent
    run_worker()
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == emails
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"pending"}
    assert sorted(smtp.recipients) == emails
    assert not queued("sign_up").exists()


def test_a_sign_up_keeps_the_time_it_was_made(client, no_signup_limit):
    before = timezone.now()
    sign_up(client, "ada@example.com")
    run_worker()
    ada = Subscriber.objects.get()
    assert before <= ada.subscribed_at < ada.confirmation_sent_at  # signed up, then handled by the worker


def test_two_sign_ups_for_one_address_handled_at_once_make_one_subscriber_and_one_email(smtp):
    kwargs = {"source": "page", "consent_text": "t", "consent_version": "v", "requested_at": timezone.now().isoformat()}

    def run_in_thread():
        try:
            tasks.sign_up.call(email="ada@example.com", **kwargs)
        finally:
            connection.close()

    workers = [threading.Thread(target=run_in_thread) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert Subscriber.objects.get().email == "ada@example.com"
    assert smtp.recipients == ["ada@example.com"]


def test_the_worker_sends_a_queued_issue(smtp):
    readers = make_subscribers(3)
    issue = make_issue()
    tasks.start_sending(issue=issue)
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
    tasks.start_sending(issue=issue)
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
    run_worker()
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
    tasks.schedule(issue=issue)
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
    tasks.schedule(issue=issue)
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
        tasks.schedule(issue=issue)


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def scheduled_issue(**delta):
    issue = make_issue(scheduled_for=later(**delta))
    tasks.schedule(issue=issue)
    issue.refresh_from_db()
    return issue


def move(issue, when):
    previous = issue.scheduled_for
    issue.scheduled_for = when
    issue.save(update_fields=["scheduled_for"])
    tasks.reschedule(issue=issue, previous=previous)


def time_passes_until(issue, task_pk=None):
    """Pretend the issue's time has come: it is due and so is the task (or every queued task)."""
    Issue.objects.filter(pk=issue.pk).update(scheduled_for=timezone.now())
    tasks = DBTaskResult.objects.filter(status="READY")
    (tasks.filter(pk=task_pk) if task_pk else tasks).update(run_after=timezone.now())


def test_an_issue_moved_later_still_goes_out_at_its_new_time(smtp):
    readers = make_subscribers(2)
    issue = scheduled_issue(hours=1)
    old_task = queued("start_scheduled_issue").get()
    move(issue, later(hours=3))
    new_task = queued("start_scheduled_issue").exclude(pk=old_task.pk).get()
    assert abs(new_task.run_after - issue.scheduled_for) < datetime.timedelta(seconds=1)
    DBTaskResult.objects.filter(pk=old_task.pk).update(run_after=timezone.now())  # an hour later
    run_worker()
    assert smtp.messages == []  # not yet: it waits for the new time

    time_passes_until(issue, new_task.pk)
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
