import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone

from .models import Entry

FEED_LENGTH = 30


class ChangesFeed(Feed):
    title = f"{settings.SITE_NAME}: what changed"
    description = "Dated, notable changes to the roles and certifications on the site."

    def link(self):
        return reverse("changelog:list")

    def items(self):
        return Entry.objects.published()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.note

    def item_link(self, item):
        return item.link or item.get_absolute_url()

    def item_guid(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)), datetime.UTC)
