"""Background work through the Tasks API (django-tasks now, django.tasks in Django 6).

Development runs these at once (immediate backend); production queues them in the database
for `manage.py db_worker`.
"""

from datetime import timedelta

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


@task()
def process_signup(email, source, consent_text, consent_version, requested_at):
    subscriptions.subscribe(
        email=email,
        source=source,
        consent_text=consent_text,
        consent_version=consent_version,
        requested_at=requested_at,
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
