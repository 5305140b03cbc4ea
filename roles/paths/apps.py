from django.apps import AppConfig


class PathsConfig(AppConfig):
    name = "roles.paths"
    label = "paths"
    verbose_name = "Paths from today's job"

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())  # every model here is public content
