"""Sending an issue: deliveries, batches over one SMTP connection, retries, scheduling, test sends.
Queueing the work is newsletter.tasks' job."""

import contextlib
import itertools
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Min, Prefetch, Q
from django.utils import timezone

from roles.models import Role

from .. import emails
from ..models import Delivery, Issue, Subscriber
from . import clicks
from .errors import MAX_ATTEMPTS, SEND_ERRORS, describe_error, is_transient, retry_delay

ABANDONED_ERROR = (
    "The worker stopped while handing this email to the mail server. It may have arrived, "
    "so it is not sent again: nobody gets an issue twice."
)


def start_sending(*, issue):
    """Create one delivery per confirmed subscriber and mark the issue sending; returns their number.
    The issue row is locked: asking twice (two editors, a double click) creates nothing twice."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
            ids = Subscriber.objects.sendable().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)
            # In chunks: bulk_create makes one list of what it is given, all rows in memory at once.
            while chunk := list(itertools.islice(ids, 2000)):
                Delivery.objects.bulk_create(
                    [Delivery(issue=issue, subscriber_id=pk) for pk in chunk], ignore_conflicts=True
                )
            issue.status = Issue.Status.SENDING
            issue.save(update_fields=["status", "updated_at"])
        return issue.deliveries.count()


def schedule(*, issue):
    """Mark the issue scheduled for its `scheduled_for` time (tasks.schedule queues its start)."""
    if issue.scheduled_for is None or issue.scheduled_for <= timezone.now():
        raise ValueError(f"Set a future “scheduled for” time on {issue} first.")
    if issue.status not in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
        raise ValueError(f"{issue} is already {issue.get_status_display().lower()}.")
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SCHEDULED, updated_at=timezone.now())


def unschedule(*, issue):
    return Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
        status=Issue.Status.DRAFT, updated_at=timezone.now()
    )


def start_if_due(*, issue_id):
    """Start the issue if it is still scheduled for now or earlier (moved later: not yet). True if it started."""
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SCHEDULED, scheduled_for__lte=timezone.now()).first()
    if issue is None:
        return False
    start_sending(issue=issue)
    return True


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    finished: bool = False
    retry_at: datetime | None = None
    errors: list = field(default_factory=list)


def send_pending_deliveries(*, issue_id, batch_size=None):
    """Send an issue's pending deliveries in batches, each over one SMTP connection.

    Safe in several workers at once and after a crash: claim (SELECT ... FOR UPDATE SKIP LOCKED,
    rows marked "sending"), commit, send, mark. A row left "sending" by a worker that died is
    never sent again. Readers who left before their batch is claimed are skipped; transient errors
    are retried up to MAX_ATTEMPTS times after NEWSLETTER_RETRY_DELAYS, permanent ones fail at
    once. The report's retry_at says when to run again if rows wait for a retry or a claim.
    """
    report = SendReport()
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).first()
    if issue is None:
        report.finished = True
        return report
    _fail_abandoned(issue)
    rendered = {}
    worker = uuid.uuid4().hex
    size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    while (batch := _claim_batch(issue, worker, size, report)) is not None:
        if not _send_batch(batch, issue, rendered, report):
            break  # the mail server is unreachable: stop now, the rows wait for their retry time
    _finish(issue, report)
    return report


def _fail_abandoned(issue):
    """Rows left "sending" by a worker that died: their message may have gone out, so never resend."""
    stale_before = timezone.now() - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)
    Delivery.objects.filter(issue=issue, status=Delivery.Status.SENDING, claimed_at__lt=stale_before).update(
        status=Delivery.Status.FAILED, last_error=ABANDONED_ERROR, claimed_by="", claimed_at=None
    )


def _claim_batch(issue, worker, size, report):
    """Mark up to `size` due rows "sending" (committed), skipping readers who left. None when none is due."""
    now = timezone.now()
    with transaction.atomic():
        due = (
            Delivery.objects.filter(issue=issue, status=Delivery.Status.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")
            # SQLite has no row locks (and runs one writer at a time); PostgreSQL skips rows
            # another worker holds instead of waiting for them.
            .select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked, of=("self",))
        )
        rows = list(due.values_list("pk", "subscriber__status", "subscriber__suppressed_at")[:size])
        if not rows:
            return None
        sendable = [
            pk for pk, status, suppressed_at in rows if status == Subscriber.Status.CONFIRMED and suppressed_at is None
        ]
        left = [pk for pk, *_ in rows if pk not in sendable]
        report.skipped += Delivery.objects.filter(pk__in=left).update(status=Delivery.Status.SKIPPED)
        Delivery.objects.filter(pk__in=sendable).update(
            status=Delivery.Status.SENDING, claimed_by=worker, claimed_at=now, attempts=F("attempts") + 1
        )
    mine = Delivery.objects.filter(pk__in=sendable).select_related("subscriber")
    return list(mine.prefetch_related(Prefetch("subscriber__lanes", queryset=Role.objects.only("pk"))))


def _message(issue, rendered, subscriber):
    """The issue for one subscriber, rendered once per set of parts (at most 16) and kept in `rendered`."""
    lanes = [role.pk for role in subscriber.lanes.all()]
    parts = issue.section_names_for(lanes)
    if parts not in rendered:
        rendered[parts] = emails.render_issue(issue, lanes, counted_links=clicks.counted_links(issue))
    return emails.subscriber_message(rendered[parts], subscriber)


def _send_batch(batch, issue, rendered, report):
    """Send a claimed batch over one connection, then mark it. False if the mail server could not be reached.
    One message per send_messages() call, so that an error belongs to one recipient's row."""
    mail, sent, waiting = get_connection(), [], list(batch)
    try:
        mail.open()
        while waiting:
            delivery = waiting.pop(0)
            try:
                mail.send_messages([_message(issue, rendered, delivery.subscriber)])
                sent.append(delivery.pk)
            except SEND_ERRORS as exc:
                _record_failure(delivery, exc, report)
                _close_quietly(mail)  # a 421 or a dropped line may have broken the conversation
                mail.open()
    except SEND_ERRORS as exc:  # no connection: the rows not reached wait for their retry
        for delivery in waiting:
            _record_failure(delivery, exc, report)
        return False
    finally:
        _close_quietly(mail)
        Delivery.objects.filter(pk__in=sent).update(
            status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_by="", claimed_at=None, last_error=""
        )
        report.sent += len(sent)
    return True


def _close_quietly(mail):
    # The line may already be gone; the next open() starts afresh either way.
    with contextlib.suppress(*SEND_ERRORS):
        mail.close()


def _record_failure(delivery, exc, report):
    """A transient error is retried after a delay (up to MAX_ATTEMPTS); anything else fails the row."""
    error = describe_error(exc)
    report.errors.append(error)
    values = {"last_error": error, "claimed_by": "", "claimed_at": None}
    if is_transient(exc) and delivery.attempts < MAX_ATTEMPTS:
        values.update(status=Delivery.Status.PENDING, next_attempt_at=timezone.now() + retry_delay(delivery.attempts))
        report.retried += 1
    else:
        values.update(status=Delivery.Status.FAILED)
        report.failed += 1
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(**values)


def _finish(issue, report):
    unfinished = Delivery.objects.filter(issue=issue).unfinished()
    if not unfinished.exists():
        # Conditional, so that of two workers finishing together only one marks it sent.
        if Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, sent_at=timezone.now()
        ):
            # A plain save as well: whatever listens for content changes (the page cache) hears of it.
            issue.refresh_from_db()
            issue.save(update_fields=["updated_at"])
        report.finished = True
        return
    # Run again when the next row is due: its retry time, or when another worker's batch counts as abandoned.
    waits = unfinished.aggregate(
        retry=Min("next_attempt_at", filter=Q(status=Delivery.Status.PENDING)),
        claimed=Min("claimed_at", filter=Q(status=Delivery.Status.SENDING)),
    )
    due = [waits["retry"]]
    if waits["claimed"]:
        due.append(waits["claimed"] + timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT))
    now = timezone.now()
    report.retry_at = max(min((t for t in due if t), default=now), now)


def send_test(*, issue, to, lanes=None):
    """The issue as subscribers of `lanes` (role ids; none: all) will see it, to one address (the
    editor's own). There is no subscriber behind a test, so its links lead to the newsletter page.
    """
    emails.send_test(emails.render_issue(issue, lanes), to=to)
