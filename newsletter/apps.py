from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from . import receivers  # noqa: F401 (connects the email service's bounce and complaint events)
