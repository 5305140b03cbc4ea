from django.contrib.sitemaps import Sitemap

from .models import Issue


class IssueSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Issue.objects.archived()

    def lastmod(self, issue):
        return issue.updated_at
