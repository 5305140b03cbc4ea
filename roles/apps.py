from django.apps import AppConfig

from careerhub.core.permissions import ALL, EDITORS


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and comparisons"
    group_permissions = {
        EDITORS: dict.fromkeys(
            (
                "role",
                "skillarea",
                "skilllevel",
                "comparisondimension",
                "dimensioncell",
                "curatedcomparison",
                "faq",
                "roadmapstep",
                "stepresource",
                "projectidea",
            ),
            ALL,
        )
    }

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())  # every model here is public content
