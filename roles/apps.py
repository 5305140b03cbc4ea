from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and comparisons"

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())  # every model here is public content
