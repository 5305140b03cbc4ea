from django.contrib.sitemaps import Sitemap

from .models import CuratedComparison, Role


class RoleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Role.objects.published()

    def lastmod(self, role):
        return role.updated_at


class ComparisonSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        # Only comparisons whose roles are all published are real pages.
        return (
            CuratedComparison.objects.published()
            .exclude(roles__is_published=False)
            .prefetch_related("roles")
            .distinct()
        )

    def lastmod(self, comparison):
        return comparison.updated_at
