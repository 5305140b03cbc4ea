"""Subscribing: the sign-up request, its worker side, confirming, unsubscribing, pruning."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import emails
from ..addresses import canonical_email
from ..models import (
    CONFIRMATION_RESEND_AFTER,
    UNSUBSCRIBE_QUIET_PERIOD,
    Delivery,
    Issue,
    SignupRequest,
    Subscriber,
    WelcomeEmail,
)
from .errors import MAX_ATTEMPTS, SEND_ERRORS, describe_error, is_transient, retry_delay

logger = logging.getLogger(__name__)


def request_signup(*, email, source, consent_text, consent_version):
    """What a sign-up request does: store one request row, whatever the address's state.

    The request reads nothing about the address and writes nothing else, so its timing cannot
    tell whether the address is known; the worker (process_signup_requests) decides. The row
    stays until the worker has acted on it, so a worker or database outage loses no sign-up.
    """
    from ..tasks import schedule_signup_processing

    SignupRequest.objects.store(
        email=email,
        source=source[:200],
        consent_text=consent_text,
        consent_version=consent_version,
        requested_at=timezone.now(),
    )
    transaction.on_commit(schedule_signup_processing)


def process_signup_requests(*, limit):
    """Act on stored sign-ups, oldest first, each in its own transaction (run by the worker).

    Each row is locked while it is handled and deleted in the same transaction as its effect, so
    workers running side by side skip each other's rows and none is handled twice. A row whose
    handling fails is kept, counted and retried after NEWSLETTER_RETRY_DELAYS; after
    SignupRequest.MAX_ATTEMPTS it waits for a person. Returns how many rows it took (at most
    `limit`, so that other tasks get their turn) and when the first row that failed here is due
    again (None if none failed).
    """
    taken, retry_at = 0, None
    due = SignupRequest.objects.due().select_for_update(skip_locked=True)
    while taken < limit:
        with transaction.atomic():
            signup = due.first()
            if signup is None:
                break
            taken += 1
            try:
                with transaction.atomic():
                    subscribe(
                        email=signup.email,
                        source=signup.source,
                        consent_text=signup.consent_text,
                        consent_version=signup.consent_version,
                        requested_at=signup.requested_at,
                    )
                    signup.delete()
            except Exception:  # one bad row must not hold up the others; it is kept and counted
                signup.attempts += 1
                logger.exception("Sign-up %s failed (attempt %s)", signup.pk, signup.attempts)
                if signup.attempts < SignupRequest.MAX_ATTEMPTS:
                    signup.next_attempt_at = timezone.now() + retry_delay(signup.attempts)
                    retry_at = min(retry_at or signup.next_attempt_at, signup.next_attempt_at)
                signup.save(update_fields=["attempts", "next_attempt_at"])
    return taken, retry_at


def retry_signups(signups):
    """Give sign-ups the worker left (or is waiting to retry) a fresh start, now (admin action)."""
    from ..tasks import process_signups

    count = signups.update(attempts=0, next_attempt_at=None)
    transaction.on_commit(process_signups.enqueue)
    return count


def prune_abandoned_signups(*, now=None):
    """Delete sign-ups the worker gave up on longer than PENDING_KEPT_FOR ago."""
    deleted, _ = SignupRequest.objects.abandoned(now).delete()
    return deleted


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
        "subscribed_at": requested_at or now,
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
            queue_confirmation(subscriber.pk)
            return
        if subscriber.status == Subscriber.Status.CONFIRMED or subscriber.suppressed_at:
            return
        if _recently_unsubscribed(subscriber, now):
            if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                _record_signup(subscriber, consent)
            return
        if not _confirmation_due(subscriber, now):
            return
        subscriber.confirmation_sent_at = now
        _record_signup(subscriber, consent, "confirmation_sent_at")
        queue_confirmation(subscriber.pk)


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


def queue_confirmation(subscriber_id):
    from ..tasks import send_confirmation_email

    transaction.on_commit(lambda: send_confirmation_email.enqueue(subscriber_id=subscriber_id))


def deliver_confirmation(*, subscriber_id, attempt=1):
    """Send one confirmation email. Returns when to try again after a transient failure, else None."""
    pending = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING, suppressed_at__isnull=True)
    subscriber = pending.first()
    if subscriber is None:
        return None  # confirmed, unsubscribed, suppressed or pruned in the meantime
    return _send_or_retry(emails.confirmation_message(subscriber), "Confirmation", subscriber_id, attempt)


def confirm(*, subscriber):
    """Double opt-in: only a pending address becomes confirmed; repeats change nothing.

    The first confirmation queues the welcome email (a second press confirms nothing, so
    queues nothing).
    """
    with transaction.atomic():
        confirmed = Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
            status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now(), unsubscribed_at=None
        )
        if confirmed:
            _queue_welcome(subscriber.pk)
    subscriber.refresh_from_db(fields=["status", "confirmed_at", "unsubscribed_at"])


def _queue_welcome(subscriber_id):
    from ..tasks import send_welcome_email

    transaction.on_commit(lambda: send_welcome_email.enqueue(subscriber_id=subscriber_id))


def deliver_welcome(*, subscriber_id, attempt=1):
    """Send the welcome email, once per subscriber ever (re-confirming later sends none).

    The row is claimed (welcomed_at) before the message goes out, so two runs never both send;
    a transient failure hands the claim back and asks for a retry. Without a welcome email in
    use (none written yet), nothing is sent.
    """
    welcome = WelcomeEmail.objects.current()
    if welcome is None:
        return None
    claimed = (
        Subscriber.objects.sendable()
        .filter(pk=subscriber_id, welcomed_at__isnull=True)
        .update(welcomed_at=timezone.now())
    )
    if not claimed:
        return None
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    message = emails.welcome_message(subscriber, welcome, latest_issue=Issue.objects.archived().first())
    retry_at = _send_or_retry(message, "Welcome email", subscriber_id, attempt)
    if retry_at is not None:
        Subscriber.objects.filter(pk=subscriber_id).update(welcomed_at=None)
    return retry_at


def _send_or_retry(message, what, subscriber_id, attempt):
    """Send; after a transient failure, return when to try again. Permanent failures raise."""
    try:
        message.send()
    except SEND_ERRORS as exc:
        if is_transient(exc) and attempt < MAX_ATTEMPTS:
            # describe_error leaves the address out: logs carry no personal data.
            message = "%s for subscriber %s failed (attempt %s): %s"
            logger.warning(message, what, subscriber_id, attempt, describe_error(exc))
            return timezone.now() + retry_delay(attempt)
        raise
    return None


def unsubscribe(*, subscriber):
    """Stop every email to this address at once, including deliveries not yet sent."""
    now = timezone.now()
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now
        )
        skip_unsent_deliveries(subscriber)
    subscriber.refresh_from_db(fields=["status", "unsubscribed_at"])


def skip_unsent_deliveries(subscriber):
    """Issues not yet handed to the mail server for this address are skipped (kept, so counts add up)."""
    Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SKIPPED, claimed_by="", claimed_at=None
    )


def prune_pending(*, now=None):
    """Delete addresses that stayed pending, never confirmed, for longer than PENDING_KEPT_FOR."""
    _, per_model = Subscriber.objects.stale_pending(now).delete()
    return per_model.get(Subscriber._meta.label, 0)


def save_welcome_email(*, welcome):
    """Save an editor's welcome email; the one marked in use replaces the one that was."""
    with transaction.atomic():
        if welcome.is_active:
            WelcomeEmail.objects.filter(is_active=True).exclude(pk=welcome.pk).update(is_active=False)
        welcome.save()
