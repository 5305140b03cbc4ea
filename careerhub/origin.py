"""Cross-site request protection for public forms, without a per-visitor token.

Public pages are the same bytes for everyone (so shared caches may keep them); a CSRF token would
make each copy personal. Instead a POST is refused when the browser says it comes from another
site, the approach of Go 1.25's CrossOriginProtection and OWASP's Fetch Metadata guidance:

1. `Sec-Fetch-Site` present: only `same-origin` or `none` (typed or bookmarked) passes.
2. Otherwise `Origin` present: it must be this site's own origin.
3. Neither header: not a browser (curl, a script); nothing a cross-site page can forge, so it
   passes, and the rate limit, honeypot and double opt-in still apply to it.

The admin and anything behind a login keep Django's CSRF tokens.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

SAFE_FETCH_SITES = {"same-origin", "none"}


def _own_origins(request):
    site = urlsplit(settings.SITE_URL)
    return {f"{site.scheme}://{site.netloc}", f"{request.scheme}://{request.get_host()}"}


def is_cross_origin(request):
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in SAFE_FETCH_SITES
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin not in _own_origins(request)
    return False


def same_origin_posts(view):
    """Let ``view`` take POSTs only from this site's own pages (or from non-browsers)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and is_cross_origin(request):
            return render(request, "cross_origin.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
