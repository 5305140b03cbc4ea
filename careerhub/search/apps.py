from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "careerhub.search"
    label = "search"
    verbose_name = "Site search"
