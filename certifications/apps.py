from django.apps import AppConfig

from careerhub.core.permissions import ALL, EDITORS


class CertificationsConfig(AppConfig):
    name = "certifications"
    group_permissions = {
        EDITORS: dict.fromkeys(
            ("provider", "certification", "skilldomain", "sourcelink", "rolefit", "fact", "domainweight"), ALL
        )
    }

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())  # every model here is public content
