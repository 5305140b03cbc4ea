"""Sign-up rate limit per client IP, kept in Django's cache (local memory or Redis alike)."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def client_ip(request):
    """The visitor's IP: REMOTE_ADDR, or the address the trusted proxies recorded in X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        # Each trusted proxy appends the address it saw; anything further left came from the client.
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(ip):
    return f"newsletter:signups:{ip}"


def signups_left(ip):
    return settings.NEWSLETTER_SIGNUPS_PER_HOUR - cache.get(_key(ip), 0)


def count_signup(ip):
    # add() starts the window only if none is running; incr() is atomic in both backends.
    cache.add(_key(ip), 0, WINDOW_SECONDS)
    try:
        cache.incr(_key(ip))
    except ValueError:  # the window expired between add() and incr()
        cache.add(_key(ip), 1, WINDOW_SECONDS)
