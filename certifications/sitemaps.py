from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Certification


class CertificationCatalogueSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["certifications:list"]

    def location(self, item):
        return reverse(item)


class CertificationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Certification.objects.published().order_by("slug")

    def lastmod(self, certification):
        return certification.updated_at
