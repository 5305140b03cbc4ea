from django.apps import AppConfig


class FitConfig(AppConfig):
    name = "roles.fit"
    label = "fit"
    verbose_name = "Role-fit questionnaire"
