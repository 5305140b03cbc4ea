"""Newsletter workflows: subscribing, confirming, unsubscribing, sending, CSV in and out.

Views, admin actions, commands and tasks each call one of these keyword-only functions.
"""

import contextlib
import csv
import io
import logging
import re
import smtplib
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone

from . import emails
from .addresses import canonical_email
from .models import CONFIRMATION_RESEND_AFTER, UNSUBSCRIBE_QUIET_PERIOD, Delivery, Issue, Subscriber

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
ABANDONED_ERROR = (
    "The worker stopped while handing this email to the mail server. It may have arrived, "
    "so it is not sent again: nobody gets an issue twice."
)


# Subscribing ---------------------------------------------------------------------------------


def request_signup(*, email, source, consent_text, consent_version):
    """What a sign-up request does: queue one task, whatever the address's state.

    The request reads and writes nothing about the address, so its timing cannot tell whether
    the address is known; the worker (subscribe below) decides. Queued after the commit, like
    every task, and kept in the task table until it has run, so a mail outage loses no sign-up.
    """
    from .tasks import process_signup

    signup = {
        "email": email,
        "source": source[:200],
        "consent_text": consent_text,
        "consent_version": consent_version,
        "requested_at": timezone.now().isoformat(),
    }
    transaction.on_commit(lambda: process_signup.enqueue(**signup))


def subscribe(*, email, source, consent_text, consent_version, requested_at=None):
    """Record a sign-up request and queue a confirmation email when one is due (run by the worker).

    New addresses and those unsubscribed more than UNSUBSCRIBE_QUIET_PERIOD ago get a
    confirmation email; pending ones at most one per CONFIRMATION_RESEND_AFTER; confirmed ones
    none. Within the quiet period after an unsubscribe the address becomes pending again
    without an email: the latest confirmation link it already has can confirm it, but
    whoever pressed "unsubscribe" gets no more mail because someone typed their address.
    """
    email = canonical_email(email)
    now = timezone.now()
    consent = {
        "consent_source": source[:200],
        "consent_text": consent_text,
        "consent_version": consent_version,
        "subscribed_at": datetime.fromisoformat(requested_at) if requested_at else now,
    }
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().with_email(email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, status=Subscriber.Status.PENDING, confirmation_sent_at=now, **consent
                    )
            except IntegrityError:
                # A parallel task created the same address first; that one sends the email.
                return
            _queue_confirmation(subscriber.pk)
            return
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return
        if _recently_unsubscribed(subscriber, now):
            if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                _record_signup(subscriber, consent)
            return
        if not _confirmation_due(subscriber, now):
            return
        subscriber.confirmation_sent_at = now
        _record_signup(subscriber, consent, "confirmation_sent_at")
        _queue_confirmation(subscriber.pk)


def _record_signup(subscriber, consent, *fields):
    for name, value in consent.items():
        setattr(subscriber, name, value)
    subscriber.status = Subscriber.Status.PENDING
    subscriber.save(update_fields=[*consent, "status", *fields])


def _recently_unsubscribed(subscriber, now):
    left = subscriber.unsubscribed_at
    return left is not None and left > now - UNSUBSCRIBE_QUIET_PERIOD


def _confirmation_due(subscriber, now):
    """Unsubscribed (long enough ago): yes. Pending: once per CONFIRMATION_RESEND_AFTER."""
    sent = subscriber.confirmation_sent_at
    is_pending = subscriber.status == Subscriber.Status.PENDING
    return not is_pending or sent is None or sent <= now - CONFIRMATION_RESEND_AFTER


def _queue_confirmation(subscriber_id):
    from .tasks import send_confirmation_email

    transaction.on_commit(lambda: send_confirmation_email.enqueue(subscriber_id=subscriber_id))


def deliver_confirmation(*, subscriber_id, attempt=1):
    """Send one confirmation email. Returns when to try again after a transient failure, else None."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is None:
        return None  # confirmed, unsubscribed or pruned in the meantime
    try:
        emails.confirmation_message(subscriber).send()
    except SEND_ERRORS as exc:
        if is_transient(exc) and attempt < MAX_ATTEMPTS:
            # describe_error leaves the address out: logs carry no personal data.
            message = "Confirmation email for subscriber %s failed (attempt %s): %s"
            logger.warning(message, subscriber_id, attempt, describe_error(exc))
            return timezone.now() + retry_delay(attempt)
        raise
    return None


def confirm(*, subscriber):
    """Double opt-in: only a pending address becomes confirmed; repeats change nothing."""
    Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now(), unsubscribed_at=None
    )
    subscriber.refresh_from_db(fields=["status", "confirmed_at", "unsubscribed_at"])


def unsubscribe(*, subscriber):
    """Stop every email to this address at once, including deliveries not yet sent."""
    now = timezone.now()
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now
        )
        Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SKIPPED, claimed_by="", claimed_at=None
        )
    subscriber.refresh_from_db(fields=["status", "unsubscribed_at"])


def prune_pending(*, now=None):
    """Delete addresses that stayed pending, never confirmed, for longer than PENDING_KEPT_FOR."""
    _, per_model = Subscriber.objects.stale_pending(now).delete()
    return per_model.get(Subscriber._meta.label, 0)


# Errors --------------------------------------------------------------------------------------

# smtplib errors, plus OSError for refused connections, timeouts and resets.
SEND_ERRORS = (smtplib.SMTPException, OSError)


def is_transient(exc):
    """4xx replies and connection trouble are worth retrying; 5xx replies are final."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    # Dropped, refused and timed-out connections (SMTPServerDisconnected is an OSError too).
    return isinstance(exc, OSError)


def describe_error(exc):
    """The error for the admin, without the address: editors see these but not subscribers."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, message = next(iter(exc.recipients.values()))
    elif isinstance(exc, smtplib.SMTPResponseException):
        code, message = exc.smtp_code, exc.smtp_error
    else:
        code, message = type(exc).__name__ + ":", str(exc)
    if isinstance(message, bytes):
        message = message.decode(errors="replace")
    return _ADDRESS.sub("<address>", f"{code} {message}")[:500]


_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")


def retry_delay(attempt):
    delays = settings.NEWSLETTER_RETRY_DELAYS or [0]
    return timedelta(seconds=delays[min(attempt, len(delays)) - 1])


# Sending an issue ----------------------------------------------------------------------------


def start_sending(*, issue, enqueue=True):
    """Create one delivery per confirmed subscriber, mark the issue sending and queue the task.

    All in one transaction, with the issue row locked: asking twice (two editors, a double
    click, the command and the admin) creates nothing twice. An issue already sending is only
    given a new task, which resumes the rows still pending. Returns the number of deliveries.
    `enqueue=False` leaves the sending to the caller (`send_issue --foreground`).
    """
    from .tasks import send_issue_deliveries

    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status == Issue.Status.SENT:
            return issue.deliveries.count()
        if issue.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
            subscriber_ids = Subscriber.objects.confirmed().order_by("pk").values_list("pk", flat=True)
            Delivery.objects.bulk_create(
                (Delivery(issue=issue, subscriber_id=pk) for pk in subscriber_ids.iterator(chunk_size=2000)),
                batch_size=1000,
                ignore_conflicts=True,
            )
            issue.status = Issue.Status.SENDING
            issue.save(update_fields=["status", "updated_at"])
        if enqueue:
            transaction.on_commit(lambda: send_issue_deliveries.enqueue(issue_id=issue.pk))
        return issue.deliveries.count()


def schedule(*, issue):
    """Queue sending for issue.scheduled_for. Needs a task backend that can wait (the database one)."""
    from .tasks import start_scheduled_issue

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
    from .tasks import start_scheduled_issue

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
    rendered = emails.render_issue(issue)
    worker = uuid.uuid4().hex
    size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    while batch := _claim_batch(issue, worker, size):
        if not _send_batch(batch, rendered, worker, report):
            break  # the mail server is unreachable: stop now, the rows wait for their retry time
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
    return list(Delivery.objects.filter(pk__in=ids, claimed_by=worker).select_related("subscriber").order_by("pk"))


def _send_batch(batch, rendered, worker, report):
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
    # committed together with the next row's "sending" mark, one commit per message instead of two.
    just_sent = None
    try:
        for index, delivery in enumerate(batch):
            go = _mark_sending(delivery, worker, report, just_sent=just_sent)
            just_sent = None
            if not go:
                continue
            try:
                mail.send_messages([emails.issue_message(rendered, delivery.subscriber, connection=mail)])
            except SEND_ERRORS as exc:
                _record_failure(delivery, worker, exc, report, attempts=delivery.attempts)
                # The conversation may be broken (a 421 or a dropped line): start a fresh one.
                _close_quietly(mail)
                try:
                    mail.open()
                except SEND_ERRORS as open_exc:
                    for rest in batch[index + 1 :]:
                        _record_failure(rest, worker, open_exc, report, attempts=rest.attempts + 1)
                    reachable = False
                    break
                continue
            just_sent = delivery.pk
            report.sent += 1
    finally:
        if just_sent:
            _mark_sent(just_sent)
        _close_quietly(mail)
        # Anything still claimed and pending (not reached) goes back to the pool.
        Delivery.objects.filter(pk__in=[d.pk for d in batch], claimed_by=worker, status=Delivery.Status.PENDING).update(
            claimed_by="", claimed_at=None
        )
    return reachable


def _mark_sent(pk):
    Delivery.objects.filter(pk=pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_by="", claimed_at=None, last_error=""
    )


def _close_quietly(mail):
    # The line may already be gone; the next open() starts afresh either way.
    with contextlib.suppress(*SEND_ERRORS):
        mail.close()


def _mark_sending(delivery, worker, report, *, just_sent=None):
    """Commit "sending" just before the message goes out; skip it if the subscriber has left."""
    mine = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING, claimed_by=worker)
    with transaction.atomic():
        if just_sent:
            _mark_sent(just_sent)
        if mine.filter(subscriber__status=Subscriber.Status.CONFIRMED).update(
            status=Delivery.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
        ):
            delivery.attempts += 1
            return True
        if mine.update(status=Delivery.Status.SKIPPED, claimed_by="", claimed_at=None):
            report.skipped += 1
    return False


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


def send_test(*, issue, to):
    """The issue as subscribers will see it, to one address (the editor's own).

    There is no subscriber behind a test, so its unsubscribe link leads to the newsletter page.
    """
    rendered = emails.render_issue(issue)
    test = replace(rendered, subject=f"[Test] {rendered.subject}")
    test.message(to=to, unsubscribe_url=emails.absolute_url(reverse("newsletter:index"))).send()


# CSV -----------------------------------------------------------------------------------------

CSV_COLUMNS = ["email", "status", "subscribed", "confirmed", "unsubscribed"]
# Spreadsheets run cells that start with these as formulas; a leading quote keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_subscribers_csv(*, out, queryset=None):
    queryset = Subscriber.objects.all() if queryset is None else queryset
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = queryset.order_by("pk").values_list("email", "status", "subscribed_at", "confirmed_at", "unsubscribed_at")
    for row in rows.iterator(chunk_size=2000):
        writer.writerow([_csv_cell(value) for value in row])


@dataclass
class ImportReport:
    """Every data row read is counted once: created + existing + skipped == read."""

    read: int = 0
    created: int = 0
    existing: int = 0  # already on the list (any status), including addresses added meanwhile
    repeated: int = 0  # a second row for an address earlier in the file
    invalid: int = 0
    invalid_examples: list = field(default_factory=list)

    @property
    def skipped(self):
        return self.repeated + self.invalid

    def summary(self):
        return (
            f"read: {self.read}, created: {self.created}, existing: {self.existing}, "
            f"skipped: {self.skipped} (repeated: {self.repeated}, invalid: {self.invalid})"
        )


MAX_IMPORT_ROWS = 100_000
IMPORT_CONSENT_TEXT = "Imported from a list; no sign-up form was shown. Needs confirmation."


def import_subscribers_csv(*, file, source, send_confirmation=False):
    """Add the file's new addresses as pending. Known addresses (any status) are counted as
    existing, so an unsubscribed address is never revived; unreadable ones as invalid.

    The file is CSV with an "email" column, or one address per line. Raises ValueError when the
    file cannot be read at all.
    """
    data = file.read()
    if "\x00" in (data if isinstance(data, str) else data.decode("latin-1")):
        raise ValueError("This does not look like a CSV file (it contains binary data).")
    try:
        rows = list(csv.reader(io.StringIO(_decode(data))))
    except csv.Error as exc:
        raise ValueError(f"This does not look like a CSV file ({exc}).") from exc
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValueError(f"The file has {len(rows):,} rows; import at most {MAX_IMPORT_ROWS:,} at a time.")
    column = 0
    if rows and "email" in [cell.strip().lower() for cell in rows[0]]:
        column = [cell.strip().lower() for cell in rows[0]].index("email")
        rows = rows[1:]
    report = ImportReport()
    candidates = {}
    for row in rows:
        if not row or not any(cell.strip() for cell in row):
            continue
        report.read += 1
        value = row[column].strip() if column < len(row) else ""
        if value.startswith("'"):
            value = value[1:]  # undo the formula guard of our own export
        try:
            value = canonical_email(value)
            validate_email(value)
            if len(value) > 254:
                raise ValidationError("too long")
        except ValidationError:
            report.invalid += 1
            if len(report.invalid_examples) < 5:
                report.invalid_examples.append(value[:80])
            continue
        if value.lower() in candidates:
            report.repeated += 1
        else:
            candidates[value.lower()] = value
    now = timezone.now()
    with transaction.atomic():
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=email,
                    status=Subscriber.Status.PENDING,
                    subscribed_at=now,
                    consent_source=source[:200],
                    consent_text=IMPORT_CONSENT_TEXT,
                    consent_version="import",
                    confirmation_sent_at=now if send_confirmation else None,
                )
                for email in candidates.values()
            ),
            batch_size=1000,
            # Known addresses (and any added meanwhile by a sign-up) are left as they are.
            ignore_conflicts=True,
        )
        # bulk_create cannot say which rows it skipped: count the rows this import wrote (its
        # own timestamp and marker) instead of the rows it offered.
        created = Subscriber.objects.filter(subscribed_at=now, consent_version="import", consent_source=source[:200])
        report.created = created.count()
        if send_confirmation:
            for pk in created.values_list("pk", flat=True).iterator(chunk_size=2000):
                _queue_confirmation(pk)
    report.existing = len(candidates) - report.created
    return report


def _decode(data):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # spreadsheets on Windows save this
