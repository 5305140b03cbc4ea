"""Bounces and complaints from the email service: suppress addresses that hurt deliverability.

A hard bounce or a complaint suppresses the address at once; three soft bounces (on three
different messages) within SOFT_BOUNCE_WINDOW do too. A suppressed address gets nothing more:
no issue, no confirmation, no welcome email. Each event is stored once by the service's event id,
so a replayed webhook changes nothing.
"""

from datetime import timedelta

from anymail.signals import EventType, RejectReason
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..addresses import canonical_email
from ..models import MailEvent, Subscriber
from .errors import describe_error_text
from .subscriptions import skip_unsent_deliveries

SOFT_BOUNCES_TO_SUPPRESS = 3
SOFT_BOUNCE_WINDOW = timedelta(days=30)


def kind_of(event):
    """The MailEvent kind of an anymail tracking event, or None for events we do not keep."""
    if event.event_type == EventType.COMPLAINED:
        return MailEvent.Kind.COMPLAINT
    if event.event_type == EventType.BOUNCED:
        return MailEvent.Kind.HARD_BOUNCE
    if event.event_type == EventType.DEFERRED:
        return MailEvent.Kind.SOFT_BOUNCE
    if event.event_type == EventType.REJECTED:
        # The service refused to send: it already knows the address bounced or complained.
        return {RejectReason.BOUNCED: MailEvent.Kind.HARD_BOUNCE, RejectReason.SPAM: MailEvent.Kind.COMPLAINT}.get(
            event.reject_reason
        )
    return None  # delivered, opened, clicked...: not recorded (no tracking of people)


def record_tracking_event(*, event):
    """Store one bounce or complaint from an anymail tracking event and suppress when due."""
    kind = kind_of(event)
    if kind is None or not event.event_id or not event.recipient:
        return None
    try:
        email = canonical_email(event.recipient)
    except ValidationError:
        return None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().with_email(email).first()
        if subscriber is None:
            return None
        mail_event, created = MailEvent.objects.get_or_create(
            event_id=event.event_id[:200],
            defaults={
                "subscriber": subscriber,
                "kind": kind,
                "message_id": (event.message_id or "")[:250],
                "occurred_at": event.timestamp or timezone.now(),
                "description": describe_error_text(event.description or event.mta_response or "")[:300],
            },
        )
        if created and subscriber.suppressed_at is None:
            reason = _suppression_reason(subscriber, kind, mail_event.occurred_at)
            if reason:
                suppress(subscriber=subscriber, because=reason)
    return mail_event


def _suppression_reason(subscriber, kind, when):
    if kind == MailEvent.Kind.HARD_BOUNCE:
        return Subscriber.SuppressedBecause.HARD_BOUNCE
    if kind == MailEvent.Kind.COMPLAINT:
        return Subscriber.SuppressedBecause.COMPLAINT
    recent = subscriber.mail_events.filter(kind=MailEvent.Kind.SOFT_BOUNCE, occurred_at__gt=when - SOFT_BOUNCE_WINDOW)
    messages = recent.exclude(message_id="").values("message_id").distinct().count()
    if messages + recent.filter(message_id="").count() >= SOFT_BOUNCES_TO_SUPPRESS:
        return Subscriber.SuppressedBecause.SOFT_BOUNCES
    return None


def suppress(*, subscriber, because):
    """Nothing more goes to this address, including deliveries not yet sent."""
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk, suppressed_at__isnull=True).update(
            suppressed_at=timezone.now(), suppressed_because=because
        )
        skip_unsent_deliveries(subscriber)
    subscriber.refresh_from_db(fields=["suppressed_at", "suppressed_because"])
