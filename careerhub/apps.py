from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

# Apps whose models are public content: a change to any of them empties the page cache.
CONTENT_APPS = {"roles", "certifications", "newsletter"}
# Rows that visitors create or that never show on a cached page.
NOT_CONTENT = {"newsletter.subscriber", "newsletter.delivery", "roles.result"}


def content_saved_or_deleted(sender, **kwargs):
    """Cache invalidation only: no business logic lives in this receiver."""
    if sender._meta.app_label in CONTENT_APPS and sender._meta.label_lower not in NOT_CONTENT:
        from .cache import content_changed

        content_changed()


class CareerhubConfig(AppConfig):
    name = "careerhub"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)

        # A module-level function: signals hold receivers by weak reference, and a function
        # defined inside ready() would be collected as soon as ready() returned.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_saved_or_deleted, dispatch_uid=f"careerhub-page-cache-{signal!r}")
