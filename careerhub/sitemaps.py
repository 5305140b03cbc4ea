"""Every published page, for search engines. Each app adds its own sitemap here."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from certifications.sitemaps import CertificationCatalogueSitemap, CertificationSitemap
from newsletter.sitemaps import IssueSitemap
from roles.interviews.sitemaps import InterviewGuideSitemap
from roles.paths.sitemaps import BackgroundSitemap
from roles.sitemaps import ComparisonSitemap, RoleSitemap


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "roles:list",
            "roles:compare_pick",
            "fit:start",
            "paths:list",
            "interviews:list",
            "postings:start",
            "newsletter:index",
            "newsletter:archive",
        ]

    def location(self, item):
        return reverse(item)


class SiteURLMixin:
    """Absolute URLs from SITE_URL, never from the request's Host header (a foreign port passes
    ALLOWED_HOSTS, and would otherwise end up in every link)."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


SITEMAPS = {
    name: type(sitemap.__name__, (SiteURLMixin, sitemap), {})
    for name, sitemap in {
        "pages": StaticPagesSitemap,
        "roles": RoleSitemap,
        "comparisons": ComparisonSitemap,
        "paths": BackgroundSitemap,
        "interviews": InterviewGuideSitemap,
        "certification-catalogue": CertificationCatalogueSitemap,
        "certifications": CertificationSitemap,
        "newsletter": IssueSitemap,
    }.items()
}
