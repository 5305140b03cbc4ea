from django.apps import AppConfig

from careerhub.core.permissions import ALL, EDITORS, SUBSCRIBER_MANAGERS, VIEW


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"
    # Editors write, preview, test and send issues and see delivery counts, but never subscribers:
    # addresses are personal data. A superuser adds the people who look after subscribers to the
    # Subscriber managers group. Delivery rows name subscribers, so the admin lists them only to
    # people who can also view subscribers.
    group_permissions = {
        EDITORS: {"issue": (*ALL, "send"), "delivery": VIEW, "welcomeemail": ALL, "course": ALL, "lesson": ALL},
        SUBSCRIBER_MANAGERS: {
            "subscriber": (*ALL, "export"),  # add: the CSV import
            "delivery": VIEW,
            "mailevent": VIEW,  # why an address was suppressed (bounces and complaints)
        },
    }

    def ready(self):
        from careerhub import cache

        from . import receivers  # noqa: F401 (connects the email service's bounce and complaint events)

        # Sent issues are public (archive, feed); subscribers, deliveries and counts never show on a page.
        cache.watch(self.get_model("Issue"))
