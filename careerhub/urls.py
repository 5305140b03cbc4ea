from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from . import views
from .cache import cache_page_for_visitors
from .sharecards.cards import share_card
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", cache_page_for_visitors(views.home), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("style/", views.style_guide, name="style_guide"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("newsletter/", include("newsletter.urls")),
    path("", include("roles.urls")),
    path("certifications/", include("certifications.urls")),
    path("search/", include("careerhub.search.urls")),
    path("plan/", include("roles.plan.urls")),
    path("paths/", include("roles.paths.urls")),
    path("interviews/", include("roles.interviews.urls")),
    path("changes/", include("careerhub.changelog.urls")),
    path("og/<str:kind>/<str:key>.png", share_card, name="share_card"),
    path("", include("roles.fit.urls")),
    path("", include("roles.postings.urls")),
]

admin.site.site_header = "AI Career Hub editors"
admin.site.site_title = "AI Career Hub admin"
admin.site.index_title = "Content"

handler500 = "careerhub.views.server_error"
