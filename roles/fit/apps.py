from django.apps import AppConfig

from careerhub.core.permissions import ALL, EDITORS, VIEW


class FitConfig(AppConfig):
    name = "roles.fit"
    label = "fit"
    verbose_name = "Role-fit questionnaire"
    # Editors write the questionnaire and read its calibration snapshots and visitors' results.
    group_permissions = {
        EDITORS: {
            **dict.fromkeys(("dimension", "item", "loading", "roletarget", "experience", "tryout"), ALL),
            "snapshot": VIEW,
            "result": VIEW,
        }
    }

    def ready(self):
        from careerhub import cache

        # The questionnaire is public content; visitors' stored results never show on a cached page.
        cache.watch(*(model for model in self.get_models() if model._meta.model_name != "result"))
