import datetime

from django.conf import settings
from django.utils import timezone

from careerhub.core.feeds import SiteFeed

from .models import Entry

FEED_LENGTH = 30


class ChangesFeed(SiteFeed):
    title = f"{settings.SITE_NAME}: what changed"
    description = "Dated, notable changes to the roles and certifications on the site."

    link_name = "changelog:list"
    feed_name = "changelog:feed"

    def items(self):
        return Entry.objects.published()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.note

    def item_link(self, item):
        if not item.link:
            return super().item_link(item)
        return item.link if "://" in item.link else settings.SITE_URL + item.link

    def item_guid(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)), datetime.UTC)
