from django.contrib.sitemaps import Sitemap

from .models import CuratedComparison, Role


class RoleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Role.objects.published()

    def lastmod(self, role):
        return role.updated_at


class ComparisonSitemap(Sitemap):
    """Curated comparisons a visitor can open (generated ones are reachable from every profile)."""

    changefreq = "monthly"

    def items(self):
        return CuratedComparison.objects.live()

    def lastmod(self, comparison):
        return comparison.updated_at
