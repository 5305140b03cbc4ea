from django.apps import AppConfig

from careerhub.core.permissions import ALL, EDITORS


class PathsConfig(AppConfig):
    name = "roles.paths"
    label = "paths"
    verbose_name = "Paths from today's job"
    group_permissions = {EDITORS: dict.fromkeys(("background", "lanepath", "carryover"), ALL)}

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())  # every model here is public content
