from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from careerhub import cache

        from . import receivers  # noqa: F401 (connects the email service's bounce and complaint events)

        # Sent issues are public (archive, feed); subscribers, deliveries and counts never show on a page.
        cache.watch(self.get_model("Issue"))
