from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from roles.models import CuratedComparison, Role


@require_safe
def home(request):
    context = {
        "roles": list(Role.objects.published().select_related("parent")),
        "featured": CuratedComparison.objects.live().filter(is_featured=True).first(),
    }
    return render(request, "careerhub/home.html", context)


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
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
