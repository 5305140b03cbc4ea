"""Sign-up rate limit per client (careerhub.core.clientip), kept in the shared cache.

The count is taken before the check (one atomic increment), so simultaneous sign-ups cannot
all slip under the limit. When the shared cache cannot be reached the limit does not switch
off: each process keeps its own count for the hour and logs that it did so.
"""

import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from careerhub.core.clientip import client_ip, rate_limit_key

WINDOW_SECONDS = 60 * 60
# Bounds the fallback's memory: the oldest windows go first.
LOCAL_KEYS = 10_000

logger = logging.getLogger(__name__)


class LocalWindows:
    """Per-process hourly counts, used only while the shared cache is down."""

    def __init__(self, size):
        self.size = size
        self.windows = OrderedDict()
        self.lock = threading.Lock()

    def incr(self, key, now=None):
        now = time.monotonic() if now is None else now
        with self.lock:
            started, count = self.windows.get(key, (now, 0))
            if now - started >= WINDOW_SECONDS:
                started, count = now, 0
            self.windows[key] = (started, count + 1)
            self.windows.move_to_end(key)
            while len(self.windows) > self.size:
                self.windows.popitem(last=False)
            return count + 1

    def clear(self):
        with self.lock:
            self.windows.clear()


local_windows = LocalWindows(LOCAL_KEYS)


# Count, and start the window on the first count, in one atomic step and one round trip (add() then
# incr() took two).
_REDIS_WINDOW = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""


def _shared_incr(key):
    """The new count in the shared cache, or None when the cache cannot be reached."""
    if hasattr(cache, "client") and hasattr(cache.client, "get_client"):  # django-redis: Redis itself
        try:
            return cache.client.get_client(write=True).eval(_REDIS_WINDOW, 1, cache.make_key(key), WINDOW_SECONDS)
        except RedisError:
            return None
    # Other cache backends: add() starts the window only if none is running; incr() is atomic.
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
