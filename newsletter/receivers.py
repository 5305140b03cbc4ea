"""Signal receivers. Module-level functions, so the signal's weak reference keeps them alive."""

from anymail.signals import tracking
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from certifications.models import Certification, DomainWeight, Fact, SkillDomain

from . import tasks
from .services import bounces, watching


@receiver(tracking, dispatch_uid="newsletter.bounces")
def record_bounce_or_complaint(sender, event, esp_name, **kwargs):
    # Anymail has checked the webhook's signature before sending this signal.
    bounces.record_tracking_event(event=event)


# Watched certifications: an editor's save (or an editor confirming what the source checker saw)
# records old → new for watchers. The receivers only hand over; services.watching decides.


def _saves_any(update_fields, names):
    """False when a save writes only other fields (e.g. `updated_at` when an editor marks a fact checked)."""
    return update_fields is None or bool(set(update_fields) & set(names))


@receiver(pre_save, sender=Certification, dispatch_uid="newsletter.watch.certification")
def certification_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not instance.pk or not _saves_any(update_fields, watching.WATCHED_DATES):
        return
    old = Certification.objects.filter(pk=instance.pk).first()
    if old and watching.certification_changes(old=old, new=instance):
        tasks.queue_watch_alert(certification_id=instance.pk)


@receiver(pre_save, sender=Fact, dispatch_uid="newsletter.watch.fact")
def fact_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _saves_any(update_fields, ["value", "kind"]):
        return
    old = Fact.objects.select_related("source").filter(pk=instance.pk).first() if instance.pk else None
    if watching.fact_changed(old=old, new=instance):
        tasks.queue_watch_alert(certification_id=instance.certification_id)


@receiver(post_delete, sender=Fact, dispatch_uid="newsletter.watch.fact-deleted")
def fact_deleted(sender, instance, **kwargs):
    if watching.fact_changed(old=instance, new=None):
        tasks.queue_watch_alert(certification_id=instance.certification_id)


@receiver(pre_save, sender=DomainWeight, dispatch_uid="newsletter.watch.weight")
def weight_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _saves_any(update_fields, ["weight_min", "weight_max"]):
        return
    if watching.weight_changed(old=watching.weight_before_save(instance), new=instance):
        tasks.queue_watch_alert(certification_id=instance.domain.certification_id)


@receiver(post_delete, sender=DomainWeight, dispatch_uid="newsletter.watch.weight-deleted")
def weight_deleted(sender, instance, **kwargs):
    if SkillDomain.objects.filter(pk=instance.domain_id).exists() and watching.weight_changed(old=instance, new=None):
        tasks.queue_watch_alert(certification_id=instance.domain.certification_id)
