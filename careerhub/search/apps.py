from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from careerhub.core.permissions import EDITORS


class SearchConfig(AppConfig):
    name = "careerhub.search"
    label = "search"
    verbose_name = "Site search"
    # Editors read what visitors searched for in vain, and may clear entries they have dealt with.
    group_permissions = {EDITORS: {"missedquery": ("view", "delete")}}

    def ready(self):
        from . import services, tasks

        for model in services.INDEXED_MODELS:
            # m2m_changed is sent by the through models (comparisons' roles); for the others it never fires.
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(tasks.content_changed, sender=model, dispatch_uid=f"search-{model._meta.label_lower}")
