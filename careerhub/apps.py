from django.apps import AppConfig


class CareerhubConfig(AppConfig):
    name = "careerhub"
    verbose_name = "Site"
