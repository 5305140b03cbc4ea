"""Editorial workflows: drafts, scheduled publishing, reviews. Each lands in the version history."""

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from careerhub.cache import content_changed
from careerhub.core.models import ScheduledPublishing

from .models import Draft


def ensure_baseline(obj):
    """Records ``obj`` as it stands when it has no version yet, so that its first change can be undone.

    Content loaded from files or written before the history existed has no version; without this,
    the first edit's old values would be lost. Call it outside any revision block.
    """
    if obj.pk and reversion.is_registered(type(obj)) and not Version.objects.get_for_object(obj).exists():
        with reversion.create_revision():
            reversion.add_to_revision(obj)
            reversion.set_comment("As it was before the first recorded change.")


def save_draft(*, obj, data, user):
    draft, _ = Draft.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        defaults={"form_data": data, "created_by": user},
    )
    return draft


def mark_reviewed(*, obj, user, on=None):
    """Sets the object's review date to ``on`` (today); the change is a version in its history."""
    ensure_baseline(obj)
    with transaction.atomic(), reversion.create_revision():
        obj.mark_reviewed(on=on or timezone.localdate(), by=user.get_full_name() or user.get_username())
        reversion.set_user(user)
        reversion.set_comment("Marked as reviewed.")
        if reversion.is_registered(type(obj)):
            reversion.add_to_revision(obj)
    content_changed()


def scheduled_models():
    return [model for model in apps.get_models() if issubclass(model, ScheduledPublishing)]


def apply_schedule(*, now=None):
    """Publishes and unpublishes what is due: returns the objects it changed.

    Each change is saved (not updated in bulk) so that it is a version in the history, and the page
    cache is told even if a model sent no signal.
    """
    now = now or timezone.now()
    changed = []
    for model in scheduled_models():
        with transaction.atomic():
            due = model._default_manager.select_for_update(skip_locked=True).filter(publish_at__lte=now)
            for obj in due:
                changed.append(_flip(obj, published=True, field="publish_at", comment="Published as scheduled."))
            due = model._default_manager.select_for_update(skip_locked=True).filter(unpublish_at__lte=now)
            for obj in due:
                changed.append(_flip(obj, published=False, field="unpublish_at", comment="Unpublished as scheduled."))
    if changed:
        content_changed()
    return changed


def _flip(obj, *, published, field, comment):
    ensure_baseline(obj)
    with reversion.create_revision():
        obj.is_published = published
        setattr(obj, field, None)
        obj.save(update_fields=["is_published", field, *(["updated_at"] if hasattr(obj, "updated_at") else [])])
        reversion.set_comment(comment)
        if reversion.is_registered(type(obj)):
            reversion.add_to_revision(obj)
    return obj


def set_published(*, objects, published, user):
    """Publishes or unpublishes ``objects`` one by one, each a version in its history."""
    changed = []
    with transaction.atomic():
        for obj in objects:
            ensure_baseline(obj)
            with reversion.create_revision():
                obj.is_published = published
                obj.save()
                reversion.set_user(user)
                reversion.set_comment("Published." if published else "Unpublished.")
            changed.append(obj)
    content_changed()
    return changed
