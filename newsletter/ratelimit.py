"""Sign-up rate limit per client (careerhub.core.clientip), counted in the shared cache: add() starts the
hour's window, incr() counts atomically. With the cache down (django-redis answers None instead of
raising), each process counts in its own memory for the hour and logs that it does."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from careerhub.core.clientip import client_ip, rate_limit_key

WINDOW_SECONDS = 60 * 60

logger = logging.getLogger(__name__)

# Used only while the shared cache is down; bounded like any local-memory cache.
local_windows = LocMemCache("newsletter.ratelimit", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _count(store, key):
    """The new count in `store`, or None when it cannot be reached."""
    if store.add(key, 0, WINDOW_SECONDS) is None:
        return None
    try:
        return store.incr(key)
    except ValueError:  # the window expired between add() and incr()
        return 1 if store.add(key, 1, WINDOW_SECONDS) else store.incr(key)


def allow_signup(request):
    """Count one sign-up attempt from this request's client; False once the hourly limit is passed."""
    key = f"newsletter:signups:{rate_limit_key(client_ip(request))}"
    count = _count(cache, key)
    if count is None:
        logger.warning("rate limit: shared cache unreachable, counting sign-ups in this process only")
        count = _count(local_windows, key)
    return count <= settings.NEWSLETTER_SIGNUPS_PER_HOUR
