from django.apps import AppConfig


class CareerhubConfig(AppConfig):
    name = "careerhub"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
