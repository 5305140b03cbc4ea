from django.conf import settings
from django.urls import reverse

from .navigation import NAV_ITEMS


def site(request):
    """Values every template needs: site name, absolute base URL and the navigation."""
    match = getattr(request, "resolver_match", None)
    return chrome(current=match.view_name if match else None)


def chrome(*, current=None):
    """The header and footer's values, from settings alone: the error pages use them too."""
    nav = [{"label": label, "url": reverse(name), "current": current in active} for label, name, active in NAV_ITEMS]
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, "nav_items": nav}
