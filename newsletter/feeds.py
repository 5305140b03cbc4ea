from django.conf import settings

from careerhub.core.feeds import SiteFeed

from .models import Issue


class IssueFeed(SiteFeed):
    """RSS of the public archive: sent, published issues only."""

    link_name = "newsletter:archive"
    feed_name = "newsletter:feed"
    description_template = "newsletter/feed_item.html"

    def title(self):
        return settings.NEWSLETTER_NAME

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
