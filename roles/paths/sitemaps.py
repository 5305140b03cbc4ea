from django.contrib.sitemaps import Sitemap

from .models import Background


class BackgroundSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Background.objects.published()

    def lastmod(self, background):
        return background.updated_at
