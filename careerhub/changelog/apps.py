from django.apps import AppConfig

from careerhub.core.permissions import ALL, EDITORS


class ChangelogConfig(AppConfig):
    """The public changelog: dated, notable editorial changes at /changes/."""

    name = "careerhub.changelog"
    label = "changelog"
    verbose_name = "Changelog"
    group_permissions = {EDITORS: {"entry": ALL}}

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())
