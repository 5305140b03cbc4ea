from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from .models import Issue


class IssueFeed(Feed):
    """RSS of the public archive: sent, published issues only."""

    description_template = "newsletter/feed_item.html"

    def title(self):
        return settings.NEWSLETTER_NAME

    # Absolute links from SITE_URL: Feed would otherwise build them from the Host header.
    def link(self):
        return settings.SITE_URL + reverse("newsletter:archive")

    def feed_url(self):
        return settings.SITE_URL + reverse("newsletter:feed")

    def item_link(self, issue):
        return settings.SITE_URL + issue.get_absolute_url()

    def description(self):
        return (
            "A weekly email for developers building AI systems, in four short parts: a concept, "
            "an architecture, a project idea and an interview question."
        )

    def items(self):
        return Issue.objects.archived()[:20]

    def item_title(self, issue):
        return f"#{issue.number}: {issue.title}"

    def item_pubdate(self, issue):
        return issue.sent_at

    def item_updateddate(self, issue):
        return issue.updated_at
