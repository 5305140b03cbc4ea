from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    """The public changelog: dated, notable editorial changes at /changes/."""

    name = "careerhub.changelog"
    label = "changelog"
    verbose_name = "Changelog"

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())
