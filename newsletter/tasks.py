"""Background work through the Tasks API (django-tasks now, django.tasks in Django 6).

Development runs these at once (immediate backend); production queues them in the database
for `manage.py db_worker`.
"""

import time
from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from .services import sending, subscriptions

# Never re-run a task sooner than this, so a bug can never make a worker spin.
MIN_RERUN_DELAY = timedelta(seconds=5)


def _rerun(task_, when, **kwargs):
    if task_.get_backend().supports_defer:
        task_ = task_.using(run_after=max(when, timezone.now() + MIN_RERUN_DELAY))
    # Without deferral (the immediate backend) this runs now, in this process: fine for the
    # three attempts a confirmation email gets.
    task_.enqueue(**kwargs)


# A sign-up's row waits at most about this long for the worker. Requests in one process share the
# run queued by the first of them, so the queue gets one task per process per interval, not one
# per sign-up (most of a sign-up's cost was that task).
SIGNUP_BATCH_INTERVAL = timedelta(seconds=1)
# Rows one run takes at most, so that other tasks get their turn.
SIGNUP_BATCH_LIMIT = 1000
_signups_covered_until = 0.0  # time.monotonic(): rows committed before this are covered by a queued run


def schedule_signup_processing():
    """Make sure a run of process_signups will start after the sign-up just committed.

    Called after the commit. A run queued at time t starts no earlier than t + interval, and it
    covers rows committed until t + interval / 2 in this process: the half interval is the margin
    for clock differences between this node and the worker's.
    """
    global _signups_covered_until
    if not process_signups.get_backend().supports_defer:
        process_signups.enqueue()  # the immediate backend (development): run it now
        return
    now = time.monotonic()
    if now < _signups_covered_until:
        return
    process_signups.using(run_after=timezone.now() + SIGNUP_BATCH_INTERVAL).enqueue()
    _signups_covered_until = now + SIGNUP_BATCH_INTERVAL.total_seconds() / 2


@task()
def process_signups():
    taken, retry_at = subscriptions.process_signup_requests(limit=SIGNUP_BATCH_LIMIT)
    if taken == SIGNUP_BATCH_LIMIT:
        _rerun(process_signups, timezone.now())  # more may be waiting: after the tasks queued meanwhile
    if retry_at is not None:
        _rerun(process_signups, retry_at)  # back for the rows that failed here
    return {"taken": taken, "retry_at": retry_at.isoformat() if retry_at else None}


@task()
def process_signup(email, source, consent_text, consent_version, requested_at):
    """A sign-up queued as one task by code before newsletter migration 0007: during an upgrade,
    nodes not yet restarted still queue these, and the queue may hold some from before it."""
    subscriptions.subscribe(
        email=email,
        source=source,
        consent_text=consent_text,
        consent_version=consent_version,
        requested_at=datetime.fromisoformat(requested_at),
    )


@task()
def send_confirmation_email(subscriber_id, attempt=1):
    return _send_with_retries(send_confirmation_email, subscriptions.deliver_confirmation, subscriber_id, attempt)


@task()
def send_welcome_email(subscriber_id, attempt=1):
    return _send_with_retries(send_welcome_email, subscriptions.deliver_welcome, subscriber_id, attempt)


def _send_with_retries(task_, deliver, subscriber_id, attempt):
    retry_at = deliver(subscriber_id=subscriber_id, attempt=attempt)
    if retry_at is not None:
        _rerun(task_, retry_at, subscriber_id=subscriber_id, attempt=attempt + 1)
    return {"retry": retry_at is not None}


@task()
def send_issue_deliveries(issue_id):
    report = sending.send_pending_deliveries(issue_id=issue_id)
    if report.retry_at is not None and send_issue_deliveries.get_backend().supports_defer:
        # Rows wait for a retry time or an abandoned claim: come back then. (Without deferral,
        # `manage.py send_issue` resumes them.)
        _rerun(send_issue_deliveries, report.retry_at, issue_id=issue_id)
    return {"sent": report.sent, "failed": report.failed, "skipped": report.skipped, "finished": report.finished}


@task()
def start_scheduled_issue(issue_id):
    later = sending.start_if_due(issue_id=issue_id)
    if later is not None and start_scheduled_issue.get_backend().supports_defer:
        _rerun(start_scheduled_issue, later, issue_id=issue_id)
    return {"waiting_until": later.isoformat() if later else None}
