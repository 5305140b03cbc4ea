"""Store every address in its canonical form and merge rows that reach the same inbox.

Earlier sign-ups could create several rows for one mailbox (fullwidth letters, invisible
characters, a quoted local part, an IDN and its punycode). Each group becomes one row:
- the row kept is the most recently confirmed row still confirmed, else the earliest row; it
  keeps its key, so its links keep working, and the other rows' keys are recorded so that
  theirs do too;
- every other row's consent record goes into the kept row's `earlier_records`;
- an unsubscribe later than the kept row's confirmation wins (nobody is mailed after saying stop);
- deliveries move to the kept row; where both rows had one for an issue, the sent one stays.
"""

from django.core.exceptions import ValidationError
from django.db import migrations, models

from newsletter.addresses import canonical_email


def _canonical(email):
    try:
        return canonical_email(email, strip_invisible=True)
    except ValidationError:
        # Unfixable (an IP-literal domain, say): left as it is; sign-ups refuse such addresses now.
        return email


def _record(row):
    stamp = lambda value: value.isoformat() if value else None  # noqa: E731
    return {
        "email": row.email,
        "key": row.key.hex,
        "status": row.status,
        "subscribed_at": stamp(row.subscribed_at),
        "consent_source": row.consent_source,
        "consent_text": row.consent_text,
        "consent_version": row.consent_version,
        "confirmed_at": stamp(row.confirmed_at),
        "unsubscribed_at": stamp(row.unsubscribed_at),
    }


def merge_duplicates(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    Delivery = apps.get_model("newsletter", "Delivery")
    groups = {}
    for row in Subscriber.objects.order_by("subscribed_at", "pk").iterator():
        groups.setdefault(_canonical(row.email).lower(), []).append(row)
    for rows in groups.values():
        confirmed = [row for row in rows if row.status == "confirmed" and row.confirmed_at]
        kept = max(confirmed, key=lambda row: row.confirmed_at) if confirmed else rows[0]
        others = [row for row in rows if row.pk != kept.pk]
        for other in others:
            kept.earlier_records.append(_record(other))
            stopped = other.unsubscribed_at
            if kept.status == "confirmed" and stopped and stopped > kept.confirmed_at:
                kept.status, kept.unsubscribed_at = "unsubscribed", stopped
            _move_deliveries(Delivery, other, kept)
        Subscriber.objects.filter(pk__in=[row.pk for row in others]).delete()
        kept.email = _canonical(kept.email)
        kept.save(update_fields=["email", "status", "unsubscribed_at", "earlier_records"])


def _move_deliveries(Delivery, source, target):
    for delivery in Delivery.objects.filter(subscriber=source):
        existing = Delivery.objects.filter(subscriber=target, issue_id=delivery.issue_id).first()
        if existing is None or (delivery.status == "sent" and existing.status != "sent"):
            if existing is not None:
                existing.delete()
            delivery.subscriber = target
            delivery.save(update_fields=["subscriber"])
        else:
            delivery.delete()


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0002_editors_group")]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="earlier_records",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="Consent records of rows for the same inbox that were merged into this one.",
            ),
        ),
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
    ]
