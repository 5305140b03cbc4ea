from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

# Apps whose models are public content: a change to any of them empties the page cache.
CONTENT_APPS = {"roles", "certifications", "newsletter"}
# Rows that visitors create or that never show on a cached page.
NOT_CONTENT = {"newsletter.subscriber", "newsletter.delivery", "fit.result"}


class CareerhubConfig(AppConfig):
    name = "careerhub"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .cache import content_changed

        def on_change(sender, **kwargs):
            if sender._meta.app_label in CONTENT_APPS and sender._meta.label_lower not in NOT_CONTENT:
                content_changed()

        # Cache invalidation only: no business logic lives in these receivers.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_change, dispatch_uid=f"careerhub-page-cache-{signal!r}")
