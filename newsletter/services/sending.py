"""Sending an issue: deliveries, batches over one SMTP connection, retries, scheduling, test sends."""

import contextlib
import itertools
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from .. import emails
from ..models import Delivery, Issue, Subscriber
from . import clicks
from .errors import MAX_ATTEMPTS, SEND_ERRORS, describe_error, is_transient, retry_delay

ABANDONED_ERROR = (
    "The worker stopped while handing this email to the mail server. It may have arrived, "
    "so it is not sent again: nobody gets an issue twice."
)


def start_sending(*, issue, enqueue=True):
    """Create one delivery per confirmed subscriber, mark the issue sending and queue the task.

    All in one transaction, with the issue row locked: asking twice (two editors, a double
    click, the command and the admin) creates nothing twice. An issue already sending is only
    given a new task, which resumes the rows still pending. Returns the number of deliveries.
    `enqueue=False` leaves the sending to the caller (`send_issue --foreground`).
    """
    from ..tasks import send_issue_deliveries

    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status == Issue.Status.SENT:
            return issue.deliveries.count()
        if issue.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
            subscriber_ids = Subscriber.objects.sendable().order_by("pk").values_list("pk", flat=True)
            ids = subscriber_ids.iterator(chunk_size=2000)
            # In chunks: bulk_create turns what it is given into one list, which for a big list
            # would hold every row in memory at once.
            while chunk := list(itertools.islice(ids, 2000)):
                Delivery.objects.bulk_create(
                    [Delivery(issue=issue, subscriber_id=pk) for pk in chunk], ignore_conflicts=True
                )
            issue.status = Issue.Status.SENDING
            issue.save(update_fields=["status", "updated_at"])
        if enqueue:
            transaction.on_commit(lambda: send_issue_deliveries.enqueue(issue_id=issue.pk))
        return issue.deliveries.count()


def schedule(*, issue):
    """Queue sending for issue.scheduled_for. Needs a task backend that can wait (the database one)."""
    from ..tasks import start_scheduled_issue

    if not start_scheduled_issue.get_backend().supports_defer:
        raise ValueError(
            "The task backend here runs tasks at once and cannot wait. Send the issue now, "
            "or run the database task backend and its worker (see the README)."
        )
    if issue.scheduled_for is None or issue.scheduled_for <= timezone.now():
        raise ValueError(f"Set a future “scheduled for” time on {issue} first.")
    if issue.status not in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
        raise ValueError(f"{issue} is already {issue.get_status_display().lower()}.")
    with transaction.atomic():
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SCHEDULED, updated_at=timezone.now())
        _queue_start(issue.pk, issue.scheduled_for)


def reschedule(*, issue, previous):
    """An editor changed `scheduled_for` (from `previous`) on a scheduled issue.

    Later: the task already queued finds the issue not yet due and waits until the new time
    (start_if_due). Earlier: a task for the new time is queued; the old one finds the issue
    sent. Cleared: back to draft.
    """
    if issue.status != Issue.Status.SCHEDULED or issue.scheduled_for == previous:
        return
    if issue.scheduled_for is None:
        unschedule(issue=issue)
    elif previous is None or issue.scheduled_for < previous:
        with transaction.atomic():
            _queue_start(issue.pk, issue.scheduled_for)


def _queue_start(issue_id, when):
    from ..tasks import start_scheduled_issue

    transaction.on_commit(lambda: start_scheduled_issue.using(run_after=when).enqueue(issue_id=issue_id))


def unschedule(*, issue):
    return Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
        status=Issue.Status.DRAFT, updated_at=timezone.now()
    )


def start_if_due(*, issue_id):
    """Run by the scheduled task: start if the issue is still scheduled for now or earlier.

    Returns the issue's time when it is still scheduled but later than now (moved after this
    task was queued), so that the task comes back then instead of leaving it unsent.
    """
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SCHEDULED).first()
    if issue is None or issue.scheduled_for is None:
        return None
    if issue.scheduled_for > timezone.now():
        return issue.scheduled_for
    start_sending(issue=issue)
    return None


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

    Safe to run in several workers at once and to run again after a crash:
    - a batch is claimed with SELECT ... FOR UPDATE SKIP LOCKED, so workers take disjoint rows;
    - each row is marked "sending" (committed) before its message goes out and "sent" right
      after, so a row is handed to the mail server at most once;
    - a subscriber who is no longer confirmed when their turn comes is skipped;
    - transient errors (4xx, dropped or refused connections) are retried up to MAX_ATTEMPTS
      times after NEWSLETTER_RETRY_DELAYS, permanent ones (5xx) fail at once;
    - when no row is pending or sending any more, the issue becomes "sent".
    The report's retry_at says when to run again if rows are waiting for a retry or a claim.
    """
    report = SendReport()
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).first()
    if issue is None:
        report.finished = True
        return report
    _fail_abandoned(issue)
    rendered = IssueRenderings(issue, counted_links=clicks.counted_links(issue))
    worker = uuid.uuid4().hex
    size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    marks = _Marks()
    try:
        with _commits_without_waiting_for_disk():
            while batch := _claim_batch(issue, worker, size):
                if not _send_batch(batch, rendered, worker, report, marks):
                    break  # the mail server is unreachable: stop now, the rows wait for their retry time
    finally:
        marks.close()
    _finish(issue, report)
    return report


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)


def _fail_abandoned(issue):
    """Rows left "sending" by a worker that died: their message may have gone out, so never resend."""
    Delivery.objects.filter(issue=issue, status=Delivery.Status.SENDING, claimed_at__lt=_stale_before()).update(
        status=Delivery.Status.FAILED, last_error=ABANDONED_ERROR, claimed_by="", claimed_at=None
    )


def _claim_batch(issue, worker, size):
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(issue=issue, status=Delivery.Status.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(claimed_by="") | Q(claimed_at__lt=_stale_before()))
            .order_by("pk")
            # SQLite has no row locks (and runs one writer at a time); PostgreSQL skips rows
            # another worker holds instead of waiting for them.
            .select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked)
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=ids).update(claimed_by=worker, claimed_at=now)
    batch = list(Delivery.objects.filter(pk__in=ids, claimed_by=worker).select_related("subscriber").order_by("pk"))
    lanes = _lanes_of([delivery.subscriber_id for delivery in batch]) if issue.lanes_by_section() else {}
    for delivery in batch:
        delivery.subscriber.lane_ids = lanes.get(delivery.subscriber_id, set())
    return batch


def _lanes_of(subscriber_ids):
    lanes = {}
    through = Subscriber.lanes.through.objects.filter(subscriber_id__in=subscriber_ids)
    for subscriber_id, role_id in through.values_list("subscriber_id", "role_id"):
        lanes.setdefault(subscriber_id, set()).add(role_id)
    return lanes


class IssueRenderings:
    """An issue rendered once per set of parts its readers get (at most 16 sets), when first needed."""

    def __init__(self, issue, *, counted_links=None):
        self.issue = issue
        self.counted_links = counted_links
        self._rendered = {}
        self._prepared = {}
        self.links = emails.PersonalLinks()

    def prepared_for_lanes(self, lanes):
        """The same, as bytes to fill in per recipient (None if that cannot be done safely)."""
        parts = self.issue.section_names_for(lanes)
        if parts not in self._prepared:
            self._prepared[parts] = self.for_lanes(lanes).prepared()
        return self._prepared[parts]

    def for_lanes(self, lanes):
        parts = self.issue.section_names_for(lanes)
        if parts not in self._rendered:
            self._rendered[parts] = emails.render_issue(self.issue, lanes, counted_links=self.counted_links)
        return self._rendered[parts]


def _send_batch(batch, rendered, worker, report, marks):
    """Send one claimed batch over one connection. False if the mail server could not be reached."""
    mail = get_connection()
    try:
        mail.open()
    except SEND_ERRORS as exc:
        for delivery in batch:
            _record_failure(delivery, worker, exc, report, attempts=delivery.attempts + 1)
        return False
    reachable = True
    # A row whose message went out but whose "sent" mark is still to be written: the mark is
    # committed together with a later row's "sending" mark, one commit per message instead of two.
    just_sent = None
    next_mark = marks.start(batch[0], worker, report)
    try:
        for index, delivery in enumerate(batch):
            go = next_mark.result()
            following = batch[index + 1] if index + 1 < len(batch) else None
            # The next row's mark (with the last "sent") is committed while this message goes out.
            next_mark = marks.start(following, worker, report, just_sent=just_sent) if following else None
            if following:
                just_sent = None
            if not go:
                continue
            try:
                _send_one(mail, rendered, delivery.subscriber)
            except SEND_ERRORS as exc:
                _record_failure(delivery, worker, exc, report, attempts=delivery.attempts)
                # The conversation may be broken (a 421 or a dropped line): start a fresh one.
                _close_quietly(mail)
                try:
                    mail.open()
                except SEND_ERRORS as open_exc:
                    rest = batch[index + 1 :]
                    marked = next_mark.result() if next_mark else False
                    next_mark = None
                    for other in rest:
                        if other is following and not marked:
                            continue  # skipped by its mark: the subscriber left
                        already = other is following  # its attempt was counted by the mark
                        _record_failure(
                            other, worker, open_exc, report, attempts=other.attempts + (0 if already else 1)
                        )
                    reachable = False
                    break
                continue
            if just_sent:  # the last row of the batch: nothing comes after to carry its mark
                _mark_sent(just_sent)
            just_sent = delivery.pk
            report.sent += 1
    finally:
        if next_mark is not None:
            next_mark.result()  # never leave a mark running behind the clean-up below
        if just_sent:
            _mark_sent(just_sent)
        _close_quietly(mail)
        # Anything still claimed and pending (not reached) goes back to the pool.
        Delivery.objects.filter(pk__in=[d.pk for d in batch], claimed_by=worker, status=Delivery.Status.PENDING).update(
            claimed_by="", claimed_at=None
        )
    return reachable


class _Marks:
    """Runs the rows' "sending" marks: at once, or, on PostgreSQL outside a transaction, in a helper
    thread with its own connection, so that the next row's mark is committed while the current
    message is handed to the mail server (each still committed before its own message goes out).
    """

    def __init__(self):
        self.helper = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.helper = ThreadPoolExecutor(max_workers=1, initializer=_helper_connection_setup)

    def start(self, delivery, worker, report, *, just_sent=None):
        if self.helper is None:
            done = Future()
            done.set_result(_mark_sending(delivery, worker, report, just_sent=just_sent))
            return done
        return self.helper.submit(_mark_sending, delivery, worker, report, just_sent=just_sent)

    def close(self):
        if self.helper is not None:
            self.helper.submit(lambda: connection.close()).result()  # looked up in the helper thread: its own
            self.helper.shutdown()


def _helper_connection_setup():
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")  # as in _commits_without_waiting_for_disk


def _send_one(mail, rendered, subscriber):
    lanes = subscriber.lane_ids
    # Django's own SMTP backend only: a subclass may do more per message than hand bytes over.
    prepared = rendered.prepared_for_lanes(lanes) if type(mail) is SMTPBackend else None
    if prepared is not None:
        prepared.send(mail.connection, subscriber, rendered.links)
    else:  # another backend (an email service's API), or a message that must be built whole
        mail.send_messages([emails.subscriber_message(rendered.for_lanes(lanes), subscriber, connection=mail)])


def _mark_sent(pk):
    Delivery.objects.filter(pk=pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_by="", claimed_at=None, last_error=""
    )


def _close_quietly(mail):
    # The line may already be gone; the next open() starts afresh either way.
    with contextlib.suppress(*SEND_ERRORS):
        mail.close()


def _mark_sending(delivery, worker, report, *, just_sent=None):
    """Commit "sending" just before the message goes out; skip it if the subscriber has left.

    One UPDATE, committed on its own, also marks the previous row "sent": a single round trip to
    the database per message.
    """
    params = {
        "previous": just_sent or 0,  # no row has id 0
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
        "row": delivery.pk,
        "worker": worker,
        "subscriber": delivery.subscriber_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SQL, [params[name] for name in _MARK_PARAMS])
        updated = cursor.rowcount - (1 if just_sent else 0)
    if updated:
        delivery.attempts += 1
        return True
    mine = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING, claimed_by=worker)
    if mine.update(status=Delivery.Status.SKIPPED, claimed_by="", claimed_at=None):
        report.skipped += 1
    return False


# Raw SQL on purpose: this runs once per message, and building the same statement through the ORM
# cost more than the database took to run it. Plain SQL that PostgreSQL and SQLite both run.
_MARK_SQL, _MARK_PARAMS = (
    f"""
    UPDATE {Delivery._meta.db_table} SET
        status = CASE WHEN id = %s THEN 'sent' ELSE 'sending' END,
        sent_at = CASE WHEN id = %s THEN %s ELSE sent_at END,
        attempts = CASE WHEN id = %s THEN attempts ELSE attempts + 1 END,
        claimed_by = CASE WHEN id = %s THEN '' ELSE claimed_by END,
        claimed_at = CASE WHEN id = %s THEN NULL ELSE %s END,
        last_error = CASE WHEN id = %s THEN '' ELSE last_error END
    WHERE id = %s OR (
        id = %s AND status = 'pending' AND claimed_by = %s AND subscriber_id IN (
            SELECT id FROM {Subscriber._meta.db_table}
            WHERE id = %s AND status = 'confirmed' AND suppressed_at IS NULL
        )
    )
    """,
    [
        *["previous", "previous", "now", "previous", "previous", "previous", "now", "previous", "previous"],
        *["row", "worker", "subscriber"],
    ],
)


@contextlib.contextmanager
def _commits_without_waiting_for_disk():
    """While sending, commits return before PostgreSQL has flushed them to disk.

    Waiting for the flush cost one disk sync per message, most of the sending time. Each mark is
    still committed, and seen by every other worker, when the commit returns, so a worker that
    dies cannot cause a duplicate. Only a crash of the database server itself within its WAL
    writer delay (a fraction of a second) could forget the last marks, and with them the
    "sending" of a message already handed over: the one case where someone could get an issue
    twice. The session goes back to the server's setting afterwards.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _record_failure(delivery, worker, exc, report, *, attempts):
    error = describe_error(exc)
    retry = is_transient(exc) and attempts < MAX_ATTEMPTS
    values = {"attempts": attempts, "last_error": error, "claimed_by": "", "claimed_at": None}
    if retry:
        values.update(status=Delivery.Status.PENDING, next_attempt_at=timezone.now() + retry_delay(attempts))
        report.retried += 1
    else:
        values.update(status=Delivery.Status.FAILED)
        report.failed += 1
    report.errors.append(error)
    Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(**values)


def _finish(issue, report):
    unfinished = Delivery.objects.filter(issue=issue).unfinished()
    if not unfinished.exists():
        # Conditional, so that of two workers finishing together only one marks it sent.
        if Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, sent_at=timezone.now()
        ):
            # A plain save as well: whatever listens for content changes (the page cache) hears
            # that the archive has a new issue.
            issue.refresh_from_db()
            issue.save(update_fields=["updated_at"])
        report.finished = True
        return
    # Run again when the next row becomes due: its retry time, or the moment a claim held by
    # another (perhaps dead) worker may be taken over.
    waits = unfinished.aggregate(
        retry=Min("next_attempt_at", filter=Q(status=Delivery.Status.PENDING, claimed_by="")),
        claimed=Min("claimed_at", filter=~Q(claimed_by="")),
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
    rendered = emails.render_issue(issue, lanes)
    test = replace(rendered, subject=f"[Test] {rendered.subject}")
    page = emails.absolute_url(reverse("newsletter:index"))
    test.message(to=to, unsubscribe_url=page, preferences_url=page).send()
