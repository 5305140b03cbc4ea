"""Watching a certification: asking (double opt-in), noticing changes editors save, and the alert
emails (at most one per certification per day, at most once per reader). Queueing is newsletter.tasks'."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from certifications.models import Certification, DomainWeight, Fact, SourceLink

from .. import emails
from ..addresses import canonical_email
from ..models import (
    CONFIRMATION_RESEND_AFTER,
    UNSUBSCRIBE_QUIET_PERIOD,
    CertificationChange,
    Subscriber,
    Watch,
    WatchAlert,
    WatchDelivery,
)
from . import personal
from .errors import send_or_retry

WATCHED_FACTS = {Fact.Kind.PRICE: "Price", Fact.Kind.DURATION: "Exam length", Fact.Kind.STATUS: "Status and dates"}
WATCHED_DATES = ("beta_from", "available_from", "available_target", "retires_on")


# Asking and confirming


def request_watch(*, email, certification_id, source, consent_text, consent_version):
    """Record a request to watch; returns the watch's id when a confirmation email is due, else None.

    The same rules as a sign-up: a new address is stored pending (it gets no issues until it
    confirms the newsletter too); suppressed addresses and those that left within the quiet period
    get nothing; a watch awaiting confirmation gets at most one email per CONFIRMATION_RESEND_AFTER.
    """
    email, now = canonical_email(email), timezone.now()
    if not Certification.objects.published().filter(pk=certification_id).exists():
        return None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().with_email(email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        status=Subscriber.Status.PENDING,
                        consent_source=source[:200],
                        consent_text=consent_text,
                        consent_version=consent_version,
                    )
            except IntegrityError:
                return None  # a parallel request created the address first; that one sends the email
        if subscriber.suppressed_at:
            return None
        left = subscriber.unsubscribed_at
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            if left and left > now - UNSUBSCRIBE_QUIET_PERIOD:
                return None
            subscriber.status = Subscriber.Status.PENDING
            subscriber.save(update_fields=["status"])
        watch, _ = Watch.objects.select_for_update().get_or_create(
            subscriber=subscriber, certification_id=certification_id
        )
        sent = watch.confirmation_sent_at
        if watch.confirmed_at or (sent and sent > now - CONFIRMATION_RESEND_AFTER):
            return None
        watch.confirmation_sent_at = now
        watch.save(update_fields=["confirmation_sent_at"])
        return watch.pk


def deliver_watch_confirmation(*, watch_id, attempt=1):
    watch = Watch.objects.select_related("subscriber", "certification").filter(pk=watch_id).first()
    if watch is None or watch.confirmed_at or watch.subscriber.suppressed_at:
        return None
    return send_or_retry(confirmation_message(watch), "Watch confirmation", watch.subscriber_id, attempt)


def confirmation_message(watch):
    certification = watch.certification
    rendered = emails.render_email(
        "newsletter/email/watch_confirm.md",
        {
            "certification": certification,
            "certification_url": emails.absolute_url(certification.get_absolute_url()),
            "confirm_url": emails.absolute_url(watch.confirm_path()),
        },
        subject=f"Confirm: tell me when {certification.short_name} changes ({settings.NEWSLETTER_NAME})",
        preheader="One click, and you hear when its status, dates, price, length or weights change.",
    )
    return emails.subscriber_message(rendered, watch.subscriber)


def confirm_watch(*, watch):
    """Double opt-in for one watch. True if it was waiting."""
    done = Watch.objects.filter(pk=watch.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    watch.refresh_from_db(fields=["confirmed_at"])
    return bool(done)


def add_watch(*, subscriber, certification):
    """From the preferences page: the signed link proves the address, so the watch is confirmed at once."""
    watch, _ = Watch.objects.get_or_create(subscriber=subscriber, certification=certification)
    Watch.objects.filter(pk=watch.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    return watch


def remove_watch(*, subscriber, certification_id):
    return Watch.objects.filter(subscriber=subscriber, certification_id=certification_id).delete()[0]


def watchable_certifications():
    return Certification.objects.published().select_related("provider").order_by("provider__name", "name")


# Noticing changes


def _source_url(certification_id, fact_kind=None):
    """The fact's own source, else the provider's official page."""
    if fact_kind:
        fact = Fact.objects.filter(certification_id=certification_id, kind=fact_kind).select_related("source")
        fact = fact.order_by("-is_accepted", "pk").first()
        if fact:
            return fact.source.url
    page = SourceLink.objects.filter(certification_id=certification_id, kind=SourceLink.Kind.OFFICIAL_PAGE).first()
    return page.url if page else ""


def _record(certification_id, what, old, new, source_url):
    if str(old) == str(new) or not Watch.objects.confirmed().filter(certification_id=certification_id).exists():
        return False
    CertificationChange.objects.create(
        certification_id=certification_id, what=what, old=str(old)[:200], new=str(new)[:200], source_url=source_url
    )
    return True


def _show(value):
    return value.isoformat() if hasattr(value, "isoformat") else (value or "—")


def certification_changes(*, old, new):
    """Record what an editor's save changed on a watched certification (status and dates). True if anything."""
    changed = False
    source = _source_url(new.pk, Fact.Kind.STATUS)
    old_status, new_status = old.status_on(), new.status_on()
    if old_status != new_status:
        label = Certification.Status
        changed |= _record(new.pk, "Status", label(old_status).label, label(new_status).label, source)
    for name in WATCHED_DATES:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            what = Certification._meta.get_field(name).verbose_name.capitalize()
            changed |= _record(new.pk, what, _show(before), _show(after), source)
    return changed


def fact_changed(*, old, new):
    """A watched fact (price, length, status) saved (old or new may be None: added or deleted)."""
    fact = new or old
    if fact.kind not in WATCHED_FACTS:
        return False
    before, after = (old.value if old else "—"), (new.value if new else "—")
    return _record(fact.certification_id, WATCHED_FACTS[fact.kind], before, after, fact.source.url)


def weight_changed(*, old, new):
    weight = new or old
    before, after = (old.value if old else "—"), (new.value if new else "—")
    what = f"Weight of “{weight.domain.name}”"
    return _record(weight.domain.certification_id, what, before, after, weight.source.url)


def weight_before_save(weight):
    return DomainWeight.objects.select_related("domain", "source").filter(pk=weight.pk).first() if weight.pk else None


# Alerts


def next_day_start(now=None):
    now = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), time.min))


def start_alert(*, certification_id, now=None):
    """Gather the certification's waiting changes into today's alert, one delivery per watcher.

    Returns (alert id or None, when to try again or None): with an alert already sent today,
    changes wait for tomorrow's.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        waiting = CertificationChange.objects.select_for_update().filter(
            certification_id=certification_id, alert__isnull=True
        )
        pks = list(waiting.values_list("pk", flat=True))
        if not pks:
            return None, None
        if WatchAlert.objects.filter(certification_id=certification_id, day=today).exists():
            return None, next_day_start(now)
        alert = WatchAlert.objects.create(certification_id=certification_id, day=today)
        CertificationChange.objects.filter(pk__in=pks).update(alert=alert)
        subscribers = Watch.objects.alertable().filter(certification_id=certification_id)
        WatchDelivery.objects.bulk_create(
            [
                WatchDelivery(alert=alert, subscriber_id=pk)
                for pk in subscribers.values_list("subscriber_id", flat=True)
            ],
            ignore_conflicts=True,
        )
    return alert.pk, None


def alert_message(subscriber, alert, changes):
    certification = alert.certification
    rendered = emails.render_email(
        "newsletter/email/watch_alert.md",
        {
            "certification": certification,
            "certification_url": emails.absolute_url(certification.get_absolute_url()),
            "changes": changes,
        },
        subject=f"{certification.short_name} changed: {', '.join(dict.fromkeys(c.what for c in changes))} "
        f"({settings.NEWSLETTER_NAME})",
        preheader=f"What changed on {certification.name}, old and new, with the source.",
    )
    return emails.subscriber_message(rendered, subscriber)


def send_alert(*, alert_id, batch_size=100):
    """Claim, commit, send, mark: each watcher gets the alert at most once. Returns when to run again."""
    alert = WatchAlert.objects.select_related("certification").get(pk=alert_id)
    changes = list(alert.changes.all())
    personal.fail_abandoned(WatchDelivery.objects.filter(alert=alert))
    retry_at = None
    while rows := _claim(alert, batch_size):
        _, _, again = personal.send_claimed(rows, lambda row: alert_message(row.subscriber, alert, changes))
        if again:
            retry_at = again
            break
    return retry_at


def _claim(alert, size):
    now = timezone.now()
    with transaction.atomic():
        due = (
            WatchDelivery.objects.filter(alert=alert, status=WatchDelivery.Status.PENDING)
            .order_by("pk")
            .select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked, of=("self",))
        )
        pks = list(due.values_list("pk", flat=True)[:size])
        if not pks:
            return []
        claimed = WatchDelivery.objects.filter(pk__in=pks)
        # Unsubscribed or suppressed since the alert started: skipped, not sent.
        claimed.exclude(
            subscriber__in=Subscriber.objects.exclude(status=Subscriber.Status.UNSUBSCRIBED).filter(
                suppressed_at__isnull=True, watches__certification_id=alert.certification_id
            )
        ).update(status=WatchDelivery.Status.SKIPPED)
        claimed.filter(status=WatchDelivery.Status.PENDING).update(
            status=WatchDelivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(
        WatchDelivery.objects.filter(pk__in=pks, status=WatchDelivery.Status.SENDING).select_related("subscriber")
    )
