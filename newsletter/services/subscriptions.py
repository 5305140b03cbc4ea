"""Subscribing: a sign-up's work (run by the sign-up task), confirming, unsubscribing, pruning."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import emails
from ..addresses import canonical_email
from ..models import (
    CONFIRMATION_RESEND_AFTER,
    UNSUBSCRIBE_QUIET_PERIOD,
    Delivery,
    Enrolment,
    Issue,
    Subscriber,
    Watch,
    WelcomeEmail,
)
from .errors import send_or_retry


def subscribe(*, email, source, consent_text, consent_version, requested_at=None):
    """Record a sign-up; returns the subscriber's id when a confirmation email is due, else None.

    New addresses and those unsubscribed more than UNSUBSCRIBE_QUIET_PERIOD ago get a
    confirmation email; pending ones at most one per CONFIRMATION_RESEND_AFTER; confirmed ones
    none. Within the quiet period after an unsubscribe the address becomes pending again
    without an email: the latest confirmation link it already has can confirm it, but
    whoever pressed "unsubscribe" gets no more mail because someone typed their address.
    """
    email = canonical_email(email)
    now = timezone.now()
    consent = {"consent_source": source[:200], "consent_text": consent_text, "consent_version": consent_version}
    consent["subscribed_at"] = requested_at or now
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
                return None
            return subscriber.pk
        if subscriber.status == Subscriber.Status.CONFIRMED or subscriber.suppressed_at:
            return None
        left = subscriber.unsubscribed_at
        if left is not None and left > now - UNSUBSCRIBE_QUIET_PERIOD:
            if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                _record_signup(subscriber, consent)
            return None
        sent = subscriber.confirmation_sent_at
        if subscriber.status == Subscriber.Status.PENDING and sent and sent > now - CONFIRMATION_RESEND_AFTER:
            return None
        subscriber.confirmation_sent_at = now
        _record_signup(subscriber, consent, "confirmation_sent_at")
        return subscriber.pk


def _record_signup(subscriber, consent, *fields):
    for name, value in consent.items():
        setattr(subscriber, name, value)
    subscriber.status = Subscriber.Status.PENDING
    subscriber.save(update_fields=[*consent, "status", *fields])


def deliver_confirmation(*, subscriber_id, attempt=1):
    """Send one confirmation email. Returns when to try again after a transient failure, else None."""
    pending = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING, suppressed_at__isnull=True)
    subscriber = pending.first()
    if subscriber is None:
        return None  # confirmed, unsubscribed, suppressed or pruned in the meantime
    return send_or_retry(emails.confirmation_message(subscriber), "Confirmation", subscriber_id, attempt)


def confirm(*, subscriber):
    """Double opt-in: only a pending address becomes confirmed. True if it did (the welcome email is due)."""
    confirmed = Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now(), unsubscribed_at=None
    )
    subscriber.refresh_from_db(fields=["status", "confirmed_at", "unsubscribed_at"])
    return bool(confirmed)


def deliver_welcome(*, subscriber_id, attempt=1):
    """Send the welcome email in use (if any), once per subscriber ever; returns like deliver_confirmation.
    welcomed_at is claimed before the message goes out (two runs never both send), handed back to retry."""
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
    retry_at = send_or_retry(message, "Welcome email", subscriber_id, attempt)
    if retry_at is not None:
        Subscriber.objects.filter(pk=subscriber_id).update(welcomed_at=None)
    return retry_at


def unsubscribe(*, subscriber):
    """Stop every email to this address at once, including deliveries not yet sent."""
    now = timezone.now()
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now
        )
        skip_unsent_deliveries(subscriber)
        # Leaving means every email: watches go, courses stop.
        Watch.objects.filter(subscriber=subscriber).delete()
        subscriber.enrolments.exclude(status=Enrolment.Status.FINISHED).update(status=Enrolment.Status.LEFT)
    subscriber.refresh_from_db(fields=["status", "unsubscribed_at"])


def skip_unsent_deliveries(subscriber):
    """Issues not yet handed to the mail server for this address are skipped (kept, so counts add up)."""
    Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SKIPPED
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
