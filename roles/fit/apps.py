from django.apps import AppConfig


class FitConfig(AppConfig):
    name = "roles.fit"
    label = "fit"
    verbose_name = "Role-fit questionnaire"

    def ready(self):
        from careerhub import cache

        # The questionnaire is public content; visitors' stored results never show on a cached page.
        cache.watch(*(model for model in self.get_models() if model._meta.model_name != "result"))
