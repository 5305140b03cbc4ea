import sys

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from roles.models import CuratedComparison, Role

from .context_processors import chrome


@require_safe
def home(request):
    context = {
        "roles": list(Role.objects.published().select_related("parent")),
        "featured": CuratedComparison.objects.live().filter(is_featured=True).first(),
    }
    return render(request, "careerhub/home.html", context)


@never_cache
@require_safe
def style_guide(request):
    """Every component of the design system in one page, for people building pages and for the
    browser test that screenshots it. Not for visitors: debug mode or staff only."""
    if not (settings.DEBUG or request.user.is_staff):
        raise Http404
    return render(request, "careerhub/style.html", {"levels": range(6)})


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /newsletter/confirm/",
        "Disallow: /newsletter/unsubscribe/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def server_error(request):
    """500 handler that touches no database: a database outage gets a friendly 503 instead."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseError):
        response = render_static_page("503.html", status=503)
        response["Retry-After"] = "30"
        return response
    return render_static_page("500.html", status=500)


def render_static_page(template_name, status):
    # No request context: context processors could touch the database that just failed. The
    # site's chrome comes from settings alone.
    return HttpResponse(loader.render_to_string(template_name, chrome()), status=status)
