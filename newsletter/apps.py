from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from careerhub import cache

        # Sent issues are public (archive, feed); subscribers and deliveries never show on a page.
        cache.watch(self.get_model("Issue"))
