from django.apps import AppConfig


class CertificationsConfig(AppConfig):
    name = "certifications"

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())  # every model here is public content
