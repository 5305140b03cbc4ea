"""Sending personal emails (watch alerts, course lessons) at most once: the caller claims rows in a
committed transaction (marked "sending"), then this sends each over one connection and marks it.
A row left "sending" by a worker that died is never sent again: it may have arrived."""

import contextlib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from .errors import SEND_ERRORS, describe_error, is_transient, retry_delay
from .sending import ABANDONED_ERROR

MAX_PERSONAL_ATTEMPTS = 3


def fail_abandoned(queryset):
    """Rows a dead worker left "sending" past NEWSLETTER_CLAIM_TIMEOUT become failed, never resent."""
    stale_before = timezone.now() - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)
    status = queryset.model.Status
    return queryset.filter(status=status.SENDING, claimed_at__lt=stale_before).update(
        status=status.FAILED, last_error=ABANDONED_ERROR, claimed_at=None
    )


def send_claimed(rows, message_for):
    """Send claimed rows (each `message_for(row)`), then mark them; returns (sent, failed, retry_at)."""
    if not rows:
        return 0, 0, None
    model = type(rows[0])
    status = model.Status
    sent, failed, retry_at = [], 0, None
    mail = get_connection()
    try:
        mail.open()
        for row in rows:
            try:
                mail.send_messages([message_for(row)])
                sent.append(row.pk)
            except SEND_ERRORS as exc:
                values = {"last_error": describe_error(exc), "claimed_at": None}
                if is_transient(exc) and row.attempts < MAX_PERSONAL_ATTEMPTS:
                    # Handed back: nothing reached the reader, so trying again cannot duplicate.
                    values["status"] = status.PENDING
                    due = timezone.now() + retry_delay(row.attempts)
                    retry_at = min(retry_at or due, due)
                else:
                    values["status"] = status.FAILED
                    failed += 1
                model.objects.filter(pk=row.pk, status=status.SENDING).update(**values)
                with contextlib.suppress(*SEND_ERRORS):
                    mail.close()
                mail.open()
    except SEND_ERRORS as exc:
        # No connection at all: every row not yet marked goes back to wait.
        unsent = model.objects.filter(pk__in=[r.pk for r in rows], status=status.SENDING).exclude(pk__in=sent)
        unsent.update(status=status.PENDING, claimed_at=None, last_error=describe_error(exc))
        retry_at = timezone.now() + retry_delay(1)
    finally:
        with contextlib.suppress(*SEND_ERRORS):
            mail.close()
        model.objects.filter(pk__in=sent).update(status=status.SENT, sent_at=timezone.now(), claimed_at=None)
    return len(sent), failed, retry_at
