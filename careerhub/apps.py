from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CareerhubConfig(AppConfig):
    name = "careerhub"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .core.permissions import grant_declared_permissions

        # After django.contrib.auth's own receiver (listed earlier), which creates the permissions.
        post_migrate.connect(grant_declared_permissions, dispatch_uid="careerhub-group-permissions")
