"""Full-page cache for visitors, with invalidation on every content edit and conditional GET.

Why not Django's cache_page: every page carries a CSRF token (the footer sign-up form) and
may carry a CSP nonce; both are per visitor. Here the cached body keeps placeholders where
they stood and each response gets the visitor's own values, so one rendering serves everyone.

Invalidation: every cache key includes a "content generation" number that any save or
delete of a content model bumps (see CareerhubConfig.ready), so an editor's change shows on
the very next request. A TTL bounds staleness should a bump ever be lost (cache down).
"""

import hashlib
import os
import threading
import time
from collections import OrderedDict
from functools import wraps

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

GENERATION_KEY = "content-generation"
PAGE_TIMEOUT = 60 * 10
CSRF_PLACEHOLDER = b"__CAREERHUB_CSRF_TOKEN__"
NONCE_PLACEHOLDER = b"__CAREERHUB_CSP_NONCE__"
CACHED_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag")
LOCAL_ENTRIES = 256


class LocalPages:
    """A small per-process copy of recent pages, keyed by (generation, path).

    The generation still comes from the shared cache on every request, so an edit
    anywhere invalidates these copies at once; what it saves is fetching and unpickling
    the page body from Redis each time.
    """

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            item = self.entries.get(key)
            if item is None:
                return None
            expires, entry = item
            if expires < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def set(self, key, entry):
        with self.lock:
            # The same time limit as the shared copies: staleness stays bounded even if a bump is lost.
            self.entries[key] = (time.monotonic() + PAGE_TIMEOUT, entry)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


local_pages = LocalPages(LOCAL_ENTRIES)


def _clock_start():
    # Milliseconds, not nanoseconds: django-redis increments through Lua, whose numbers are
    # doubles, so the value must stay below 2**53 to come back exact.
    return int(time.time() * 1000)


def _shared_generation():
    """The generation as the shared cache holds it, or None when the cache cannot be reached."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock so that a restarted, emptied cache never reuses an old number.
        cache.add(GENERATION_KEY, _clock_start(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


class GenerationWatcher:
    """Keeps the content generation in process memory, told of every bump by Redis pub/sub.

    On this kind of machine a Redis round trip costs about half a millisecond, more than the
    rest of serving a cached page; listening instead of asking takes it off every request.
    Until the listener is subscribed (and whenever its connection is down) the generation is
    unknown here and each request asks the cache, so a bump is never missed.
    """

    RECHECK_SECONDS = 5

    def __init__(self):
        self.generation = None
        self.pid = None
        self.location = None
        self.lock = threading.Lock()

    def current(self):
        location = self._redis_location()
        if location is None:
            return _shared_generation()  # local memory: asking is as cheap as remembering
        if self.pid != os.getpid() or self.location != location:
            self._start(location)  # first use in this process (gunicorn forks workers)
        generation = self.generation
        return generation if generation is not None else _shared_generation()

    def bumped(self, generation):
        if self._redis_location() is None:
            return
        if generation is None:  # the bump did not reach Redis: memory can no longer be trusted
            self.generation = None
            return
        self._seen(generation)
        try:
            from django_redis import get_redis_connection

            get_redis_connection("default").publish(self.channel(), generation)
        except Exception:  # a failed publish must never fail the editor's save
            self.generation = None  # others may not hear of it: stop trusting memory here too

    def _seen(self, generation):
        with self.lock:
            if self.generation is None or generation > self.generation:
                self.generation = generation

    @staticmethod
    def channel():
        # Pub/sub ignores database numbers: name the channel after this site's key and server.
        return f"{cache.make_key(GENERATION_KEY)}|{settings.CACHES['default']['LOCATION']}"

    @staticmethod
    def _redis_location():
        config = settings.CACHES["default"]
        return config["LOCATION"] if config["BACKEND"] == "django_redis.cache.RedisCache" else None

    def _start(self, location):
        with self.lock:
            if self.pid == os.getpid() and self.location == location:
                return
            self.pid, self.location, self.generation = os.getpid(), location, None
        threading.Thread(target=self._listen, args=(location,), daemon=True, name="page-cache-watcher").start()

    def _listen(self, location):
        while self.location == location and self.pid == os.getpid():
            try:
                client = redis.Redis.from_url(
                    location, socket_connect_timeout=1, socket_timeout=self.RECHECK_SECONDS * 2, socket_keepalive=True
                )
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.channel())
                while self.location == location:
                    # Read the shared number once subscribed, then again every few seconds, so a
                    # bump whose message was lost is picked up all the same.
                    current = _shared_generation()
                    with self.lock:
                        self.generation = current
                    deadline = time.monotonic() + self.RECHECK_SECONDS
                    while time.monotonic() < deadline:
                        message = pubsub.get_message(timeout=self.RECHECK_SECONDS)
                        if message is not None:
                            self._seen(int(message["data"]))
            except Exception:
                time.sleep(1)
            finally:
                self.generation = None  # not listening: requests ask the cache directly


watcher = GenerationWatcher()


@receiver(setting_changed)
def _forget_generation(setting, **kwargs):
    # Tests swap the cache backend: what the watcher remembers belongs to the old one.
    if setting == "CACHES":
        watcher.pid = watcher.location = watcher.generation = None


def content_generation():
    """The current content generation, or None when the shared cache cannot be reached."""
    return watcher.current()


def content_changed():
    """Call after any write to public content that sends no model signal (e.g. QuerySet.update()).

    Bumps now, so pages stop coming from the old generation, and again after the transaction
    commits, so a page rendered from not-yet-committed data in between is never reused.
    """
    bump_content_generation()
    transaction.on_commit(bump_content_generation, robust=True)


def bump_content_generation(**kwargs):
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        generation = _clock_start()
        cache.set(GENERATION_KEY, generation, None)
    watcher.bumped(generation)


# Query parameters that select what a page shows (the catalogue's filters); a request with any
# other parameter is rendered but not cached, so junk query strings cannot fill the cache.
CACHED_QUERY_PARAMETERS = {"provider", "level", "role", "status", "page"}


def is_cacheable_request(request):
    """Anonymous GET/HEAD without session or messages: the page is the same for every visitor."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and set(request.GET) <= CACHED_QUERY_PARAMETERS
    )


def _page_key(request, generation):
    # Host and scheme too: the feed builds absolute links from them.
    digest = hashlib.sha256(f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page:{generation}:{digest}"


def _personalise(body, request):
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    if NONCE_PLACEHOLDER in body:
        body = body.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
    return body


def _etag(entry, request):
    # The visitor's CSRF secret is part of the tag: their copy holds a token only they can use.
    secret = request.META.get("CSRF_COOKIE", "")
    visitor = hashlib.sha256(secret.encode()).hexdigest()[:8] if secret else "0"
    return f'"{entry["digest"]}-{visitor}"'


def _not_modified(request, etag):
    return etag in parse_etags(request.headers.get("If-None-Match", ""))


def _with_headers(response, entry, etag):
    for name, value in entry["headers"].items():
        response[name] = value
    response["ETag"] = etag
    # Browsers may keep the page but must ask again each time (a cheap 304 when unchanged).
    patch_cache_control(response, no_cache=True, private=True)
    return response


def cache_page_for_visitors(view):
    """Serve ``view`` from the page cache for anonymous visitors; bypass it for everyone else."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_cacheable_request(request):
            return view(request, *args, **kwargs)
        generation = content_generation()
        if generation is None:
            # Cache down: no way to know what is current, so render every page afresh.
            return view(request, *args, **kwargs)
        key = _page_key(request, generation)
        entry = local_pages.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                local_pages.set(key, entry)
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if not _storable(response):
                return response
            entry = _store(key, request, response)
            if entry is None:
                return response
        else:
            # Establish the visitor's CSRF secret before the ETag is built from it.
            if CSRF_PLACEHOLDER in entry["body"]:
                get_token(request)
        etag = _etag(entry, request)
        if _not_modified(request, etag):
            return _with_headers(HttpResponseNotModified(), entry, etag)
        return _with_headers(HttpResponse(_personalise(entry["body"], request)), entry, etag)

    return wrapped


def _storable(response):
    # A view that marks its answer private or no-store (e.g. a catalogue link with junk filter
    # values) is rendered for this visitor only: junk query strings cannot fill the cache.
    control = response.get("Cache-Control", "")
    refused = {"private", "no-store", "no-cache"} & {part.strip().split("=")[0] for part in control.split(",")}
    return response.status_code == 200 and not response.streaming and not response.cookies and not refused


def _store(key, request, response):
    body = response.content
    token = request.META.get("CSRF_COOKIE") and _token_in(body)
    if token:
        body = body.replace(token, CSRF_PLACEHOLDER)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER)
    entry = {
        "body": body,
        "digest": hashlib.sha256(body).hexdigest()[:16],
        "headers": {name: response[name] for name in CACHED_HEADERS if name in response},
    }
    cache.set(key, entry, PAGE_TIMEOUT)
    local_pages.set(key, entry)
    return entry


def _token_in(body):
    marker = b'name="csrfmiddlewaretoken" value="'
    start = body.find(marker)
    if start == -1:
        return None
    start += len(marker)
    return body[start : body.index(b'"', start)]
