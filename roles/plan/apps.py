from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "roles.plan"
    label = "plan"
    verbose_name = "Visitors' plans"
