from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and comparisons"

    def ready(self):
        from careerhub import cache

        # Every model here is public content, except the questionnaire's stored results.
        cache.watch(*(model for model in self.get_models() if model._meta.model_name != "result"))
