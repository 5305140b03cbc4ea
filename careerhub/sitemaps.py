"""Every published page, for search engines. Each app adds its own sitemap here."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from certifications.sitemaps import CertificationCatalogueSitemap, CertificationSitemap
from roles.sitemaps import ComparisonSitemap, RoleSitemap


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "roles:list", "roles:compare_pick", "fit:start"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "roles": RoleSitemap,
    "comparisons": ComparisonSitemap,
    "certification-catalogue": CertificationCatalogueSitemap,
    "certifications": CertificationSitemap,
}
