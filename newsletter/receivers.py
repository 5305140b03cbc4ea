"""Signal receivers. Module-level functions, so the signal's weak reference keeps them alive."""

from anymail.signals import tracking
from django.dispatch import receiver

from .services import bounces


@receiver(tracking, dispatch_uid="newsletter.bounces")
def record_bounce_or_complaint(sender, event, esp_name, **kwargs):
    # Anymail has checked the webhook's signature before sending this signal.
    bounces.record_tracking_event(event=event)
