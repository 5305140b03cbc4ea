from django.contrib.sitemaps import Sitemap

from .models import InterviewGuide


class InterviewGuideSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return InterviewGuide.objects.published().select_related("role")

    def lastmod(self, guide):
        return guide.updated_at
