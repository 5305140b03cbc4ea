"""Background work through the Tasks API (django-tasks now, django.tasks in Django 6): run at once in
development, queued in the database for `manage.py db_worker` in production. This module calls the
services, never the reverse; views, admin actions and commands start work with the functions at the end."""

from datetime import datetime
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .services import courses, sending, subscriptions, watching


def _later(task_, when):
    """The task to run at `when`, or now where the backend cannot wait (the immediate one)."""
    return task_.using(run_after=when) if task_.get_backend().supports_defer else task_


def _retry(task_, retry_at, attempt, **kwargs):
    """Queue the next attempt at `retry_at` after a transient failure (None: nothing to retry)."""
    if retry_at is not None:
        _later(task_, retry_at).enqueue(attempt=attempt + 1, **kwargs)


@task()
def sign_up(*, requested_at, **signup):
    """All the work of one sign-up, so the request's answer (and its timing) says nothing about the address."""
    subscriber_id = subscriptions.subscribe(**signup, requested_at=datetime.fromisoformat(requested_at))
    if subscriber_id is not None:
        send_confirmation_email.call(subscriber_id=subscriber_id)


@task()
def send_confirmation_email(subscriber_id, attempt=1):
    retry_at = subscriptions.deliver_confirmation(subscriber_id=subscriber_id, attempt=attempt)
    _retry(send_confirmation_email, retry_at, attempt, subscriber_id=subscriber_id)


@task()
def send_welcome_email(subscriber_id, attempt=1):
    retry_at = subscriptions.deliver_welcome(subscriber_id=subscriber_id, attempt=attempt)
    _retry(send_welcome_email, retry_at, attempt, subscriber_id=subscriber_id)


@task()
def send_issue_deliveries(issue_id):
    report = sending.send_pending_deliveries(issue_id=issue_id)
    if report.retry_at is not None and send_issue_deliveries.get_backend().supports_defer:
        # Rows wait for a retry or a claim: come back then (without deferral, `send_issue` resumes them).
        send_issue_deliveries.using(run_after=report.retry_at).enqueue(issue_id=issue_id)
    return {"sent": report.sent, "failed": report.failed, "skipped": report.skipped, "finished": report.finished}


@task()
def start_scheduled_issue(issue_id):
    if sending.start_if_due(issue_id=issue_id):
        send_issue_deliveries.enqueue(issue_id=issue_id)


def queue_sign_up(**signup):
    """One task per sign-up (email, source, consent_text, consent_version), queued after the commit."""
    transaction.on_commit(partial(sign_up.enqueue, requested_at=timezone.now().isoformat(), **signup))


def queue_confirmations(subscriber_ids):
    for pk in subscriber_ids:
        transaction.on_commit(partial(send_confirmation_email.enqueue, subscriber_id=pk))


def start_sending(*, issue):
    """Create the issue's deliveries and queue the task that sends them. Returns their number."""
    total = sending.start_sending(issue=issue)
    transaction.on_commit(partial(send_issue_deliveries.enqueue, issue_id=issue.pk))
    return total


def schedule(*, issue):
    """Send the issue at its `scheduled_for` time. Needs a task backend that can wait (the database one)."""
    if not start_scheduled_issue.get_backend().supports_defer:
        raise ValueError(
            "The task backend here runs tasks at once and cannot wait. Send the issue now, "
            "or run the database task backend and its worker (see docs/newsletter.md)."
        )
    with transaction.atomic():
        sending.schedule(issue=issue)
        _queue_start(issue)


def reschedule(*, issue, previous):
    """An editor changed `scheduled_for` on a scheduled issue: queue a start at the new time (the one
    queued before finds the issue not yet due, or sent, and does nothing). Cleared: back to draft."""
    if issue.status != issue.Status.SCHEDULED or issue.scheduled_for == previous:
        return
    if issue.scheduled_for is None:
        sending.unschedule(issue=issue)
    else:
        _queue_start(issue)


def _queue_start(issue):
    start = start_scheduled_issue.using(run_after=issue.scheduled_for)
    transaction.on_commit(partial(start.enqueue, issue_id=issue.pk))


@task()
def request_watch(**watch):
    """All the work of one watch request, so the answer says nothing about the address."""
    watch_id = watching.request_watch(**watch)
    if watch_id is not None:
        send_watch_confirmation.call(watch_id=watch_id)


@task()
def send_watch_confirmation(watch_id, attempt=1):
    retry_at = watching.deliver_watch_confirmation(watch_id=watch_id, attempt=attempt)
    _retry(send_watch_confirmation, retry_at, attempt, watch_id=watch_id)


@task()
def send_watch_alert(certification_id):
    """Today's alert for the certification's waiting changes; with one sent today, tomorrow's."""
    alert_id, wait_until = watching.start_alert(certification_id=certification_id)
    if wait_until is not None and send_watch_alert.get_backend().supports_defer:
        send_watch_alert.using(run_after=wait_until).enqueue(certification_id=certification_id)
    if alert_id is not None:
        send_watch_alert_deliveries.call(alert_id=alert_id)


@task()
def send_watch_alert_deliveries(alert_id):
    retry_at = watching.send_alert(alert_id=alert_id)
    if retry_at is not None and send_watch_alert_deliveries.get_backend().supports_defer:
        send_watch_alert_deliveries.using(run_after=retry_at).enqueue(alert_id=alert_id)


def queue_watch_request(**watch):
    transaction.on_commit(partial(request_watch.enqueue, **watch))


def queue_watch_alert(*, certification_id):
    """After the editor's save commits, so the alert reads what was saved."""
    transaction.on_commit(partial(send_watch_alert.enqueue, certification_id=certification_id))


@task()
def send_due_lessons():
    """Every lesson due now; then comes back when the next one falls due (queued tasks survive restarts)."""
    next_due = courses.send_due_lessons()
    if next_due is not None and send_due_lessons.get_backend().supports_defer:
        # Every run computes the same next time, so one shared mark keeps it to one queued run per time,
        # however many enrolments queued a run. Without the shared cache, queue anyway (runs are idempotent).
        mark = f"newsletter:lessons-run:{next_due.isoformat()}"
        lifetime = max(int((next_due - timezone.now()).total_seconds()) + 3600, 3600)
        if cache.add(mark, 1, lifetime) is not False:
            send_due_lessons.using(run_after=next_due).enqueue()


def start_course(*, subscriber, course):
    enrolment = courses.enrol(subscriber=subscriber, course=course)
    transaction.on_commit(send_due_lessons.enqueue)
    return enrolment


def resume_course(*, enrolment):
    if courses.resume(enrolment=enrolment):
        transaction.on_commit(send_due_lessons.enqueue)
