from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse


class SiteFeed(Feed):
    """A feed whose links all start with SITE_URL.

    Django's Feed builds absolute links from the request's Host header, and a foreign port passes
    ALLOWED_HOSTS; absolute links given here are left as they are.
    """

    link_name = None  # the URL name of the page the feed stands for
    feed_name = None  # the URL name of the feed itself

    def link(self):
        return settings.SITE_URL + reverse(self.link_name)

    def feed_url(self):
        return settings.SITE_URL + reverse(self.feed_name)

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()
