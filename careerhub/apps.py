from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

# Apps whose models are public content: a change to any of them empties the page cache.
CONTENT_APPS = {"roles", "certifications", "newsletter"}
# Rows that visitors create or that never show on a cached page.
NOT_CONTENT = {"newsletter.subscriber", "newsletter.delivery", "roles.result"}


class CareerhubConfig(AppConfig):
    name = "careerhub"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .cache import bump_content_generation

        def content_changed(sender, **kwargs):
            if sender._meta.app_label in CONTENT_APPS and sender._meta.label_lower not in NOT_CONTENT:
                bump_content_generation()

        # Cache invalidation only: no business logic lives in these receivers.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"careerhub-page-cache-{signal!r}")
