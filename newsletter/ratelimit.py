"""Sign-up rate limit per client (careerhub.core.clientip), counted in the shared cache.

add() starts the hour's window only if none is running, and incr() counts atomically, so
simultaneous sign-ups cannot all slip under the limit. When the cache cannot be reached
(django-redis then answers None instead of raising), the limit does not switch off: each process
counts on its own for the hour and logs that it does.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

from careerhub.core.clientip import client_ip, rate_limit_key

WINDOW_SECONDS = 60 * 60

logger = logging.getLogger(__name__)


class LocalWindows:
    """Per-process counts for the current clock hour, used only while the shared cache is down.

    A new hour starts with no counts, which also bounds the memory they take.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def incr(self, key):
        hour = int(time.time() // WINDOW_SECONDS)
        with self.lock:
            if hour != self.hour:
                self.hour, self.counts = hour, {}
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def clear(self):
        self.hour, self.counts = None, {}


local_windows = LocalWindows()


def _shared_incr(key):
    """The new count in the shared cache, or None when the cache cannot be reached."""
    if cache.add(key, 0, WINDOW_SECONDS) is None:
        return None
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        return 1 if cache.add(key, 1, WINDOW_SECONDS) else cache.incr(key)


def allow_signup(request):
    """Count one sign-up attempt from this request's client; False once the hourly limit is passed."""
    key = f"newsletter:signups:{rate_limit_key(client_ip(request))}"
    count = _shared_incr(key)
    if count is None:
        logger.warning("rate limit: shared cache unreachable, counting sign-ups in this process only")
        count = local_windows.incr(key)
    return count <= settings.NEWSLETTER_SIGNUPS_PER_HOUR
