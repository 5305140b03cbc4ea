"""Full-page cache for anonymous visitors, and the HTTP headers that let any shared cache help.

Every anonymous visitor gets the same bytes (no cookie, no CSRF token, no CSP nonce), so one
rendering serves everyone and nginx or a CDN may keep it too (`Cache-Control: public`).

A page this process already answered once is answered again by PageCacheMiddleware, near the
top of the middleware list, with the headers the rest of the stack added the first time: about
half the CPU time of a trivial view that goes through every middleware.

Invalidation: each stored page remembers the content generation it was rendered in. Any save or
delete of a content model that an app registered (see `watch`) bumps the shared generation in
Redis. Each process reads that number at most every GENERATION_CHECK seconds and keeps recent
pages in memory, so a cached page usually costs no network round trip at all, and an edit made
on any node is served by every node within GENERATION_CHECK seconds (at once by the process that
made it). A TTL bounds staleness should a bump ever be lost (cache down).
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.utils.text import compress_string

GENERATION_KEY = "content-generation"
PAGE_TIMEOUT = 60 * 10
# Shared caches (nginx, a CDN) may keep a page this many seconds; browsers always revalidate
# (a cheap 304 thanks to the ETag). An edit therefore reaches visitors within SHARED_MAX_AGE.
SHARED_MAX_AGE = 5
PUBLIC_CACHE_CONTROL = f"public, max-age=0, s-maxage={SHARED_MAX_AGE}"
# Seconds a process trusts the generation it last read: the bound on how late another node sees an edit.
GENERATION_CHECK = 0.5
LOCAL_PAGES = 256
CACHED_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag")
# Pages are compressed once, when stored, and sent compressed to every client that accepts gzip
# (a role page: 32 KB as HTML, 8 KB gzipped). Smaller bodies gain too little to be worth it.
COMPRESS_FROM = 1024
ACCEPTS_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")
# Query parameters that select what a page shows (the catalogue's filters, the archive's page);
# a request with any other parameter is rendered but not stored, so junk cannot fill the cache.
CACHED_QUERY_PARAMETERS = {"provider", "level", "role", "status", "page"}


def _clock_start():
    # Milliseconds, not nanoseconds: django-redis increments through Lua, whose numbers are
    # doubles, so the value must stay below 2**53 to come back exact.
    return int(time.time() * 1000)


class ProcessMemory:
    """This process's view of the shared cache: the generation (briefly) and recent pages."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        with self.lock:
            self.generation, self.read_at = None, float("-inf")
            self.pages = OrderedDict()

    def current_generation(self):
        now = time.monotonic()
        if self.generation is not None and now - self.read_at < GENERATION_CHECK:
            return self.generation
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # First page since the cache was emptied: start a generation. None while the cache is down.
            cache.add(GENERATION_KEY, _clock_start(), None)
            generation = cache.get(GENERATION_KEY)
        with self.lock:
            self.generation, self.read_at = generation, now
        return generation

    def forget_generation(self):
        with self.lock:
            self.generation = None

    def page(self, url, generation):
        """The page stored for `url` in `generation`: from this process's memory, else the shared cache."""
        entry = self.local_page(url, generation)
        if entry is None:
            entry = cache.get(shared_key(url))
            if entry is None or entry["generation"] != generation:
                return None
            self.keep(url, entry)
        return entry

    def local_page(self, url, generation):
        """The page if this process holds it for `generation`; never asks the shared cache."""
        with self.lock:
            expires, entry = self.pages.get(url, (0, None))
        if entry is None or entry["generation"] != generation or expires < time.monotonic():
            return None
        return entry

    def keep(self, url, entry):
        with self.lock:
            # The same time limit as the shared copies: staleness stays bounded even if a bump is lost.
            self.pages[url] = (time.monotonic() + PAGE_TIMEOUT, entry)
            self.pages.move_to_end(url)
            while len(self.pages) > LOCAL_PAGES:
                self.pages.popitem(last=False)


memory = ProcessMemory()


def content_generation():
    """The current content generation (as this process last read it), or None when the cache is down."""
    return memory.current_generation()


def bump_content_generation(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache was emptied): start from the clock
        cache.set(GENERATION_KEY, _clock_start(), None)
    memory.forget_generation()  # this process sees its own edit at once


def content_changed(**kwargs):
    """Call after any write to public content that sends no model signal (e.g. QuerySet.update()).

    Bumps now, so pages stop coming from the old generation, and again after the transaction
    commits, so a page rendered from not-yet-committed data in between is never reused.
    """
    bump_content_generation()
    transaction.on_commit(bump_content_generation, robust=True)


def watch(*models):
    """Register public content models: any save or delete of one of them invalidates every page.

    Apps call this from their AppConfig.ready(). Signals hold receivers weakly, so the receiver is
    this module's own function, never a closure.
    """
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model._meta.label_lower}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"page-cache-m2m-{field}"
            )


def is_cacheable_request(request):
    """Anonymous GET/HEAD without session or messages: the page is the same for every visitor."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and (not request.META.get("QUERY_STRING") or set(request.GET) <= CACHED_QUERY_PARAMETERS)
    )


def _page_url(request):
    # Host and scheme too: one node may serve several names.
    return f"{request.scheme}://{request.get_host()}{request.get_full_path()}"


def shared_key(url):
    """The page's key in the shared cache (a digest: URLs can be longer than a key may be)."""
    return "page:" + hashlib.sha256(url.encode()).hexdigest()


def _storable(response):
    # A view that marks its answer private or no-store (e.g. a catalogue link with junk filter
    # values) is rendered for this visitor only.
    control = response.get("Cache-Control", "")
    refused = {"private", "no-store", "no-cache"} & {part.strip().split("=")[0] for part in control.split(",")}
    return response.status_code == 200 and not response.streaming and not response.cookies and not refused


# Headers that differ between the answers made from one stored page (which copy, and its length).
VARIANT_HEADERS = frozenset({"etag", "content-encoding", "content-length"})


class PageCacheMiddleware:
    """Answers a page this process already holds before the rest of the middleware runs.

    The first answer built from a stored page goes through every middleware, as any response
    does; on its way out this records the headers they added (security headers, for instance)
    and how the request was routed (for the request log). Later requests for that page get the
    same bytes and headers straight from here. Pages this process does not hold, or holds without
    those headers yet, go through the stack to the view's cache (cache_page_for_visitors).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_cacheable_request(request):
            url = _page_url(request)
            # Most requests here are for pages this process holds; the rest pay one dict lookup.
            entry = memory.local_page(url, content_generation()) if url in memory.pages else None
            outer = entry and entry.get("outer")
            if outer is not None:
                request.resolver_match = entry["match"]
                return _answer(request, entry, outer)
        response = self.get_response(request)
        entry = getattr(response, "page_cache_entry", None)
        if entry is not None and response.status_code == 200 and not response.cookies:
            # Only this process's copy learns them; each process records its own once. (A cookie
            # set on the way out would be one visitor's: such pages keep taking the long way.)
            entry["match"] = request.resolver_match
            entry["outer"] = {name: value for name, value in response.items() if name.lower() not in VARIANT_HEADERS}
        return response


def _view_headers(entry):
    """The headers the view's cache gives a stored page; the middleware below it adds the rest."""
    # One fixed string rather than patch_cache_control(): this runs for every page rendered here.
    headers = {"Cache-Control": PUBLIC_CACHE_CONTROL, **entry["headers"]}
    if entry.get("gzip") is not None:
        headers["Vary"] = "Accept-Encoding"
    return headers


def _answer(request, entry, headers):
    """The stored page (gzipped if the client takes it) or a 304, with `headers` and its ETag."""
    # The gzipped copy is another representation of the page, so it has its own ETag, and shared
    # caches keep one copy per encoding (Vary: Accept-Encoding, the only header pages vary on).
    compressed = entry.get("gzip")  # None for small pages
    # request.META, not request.headers: building the headers mapping cost more than the lookups.
    gzipped = compressed is not None and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    headers = {**headers, "ETag": f'"{entry["digest"]}-gz"' if gzipped else f'"{entry["digest"]}"'}
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match and headers["ETag"] in parse_etags(if_none_match):
        return HttpResponseNotModified(headers=headers)
    body = compressed if gzipped else entry["body"]
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    headers["Content-Length"] = str(len(body))
    response = HttpResponse(body, headers=headers)
    response.page_cache_entry = entry
    return response


def cache_page_for_visitors(view):
    """Serve ``view`` from the page cache for anonymous visitors; bypass it for everyone else."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_cacheable_request(request):
            response = view(request, *args, **kwargs)
            # Editors and visitors with a session see their own page: no shared cache may keep it.
            patch_cache_control(response, private=True)
            return response
        # No session cookie means an anonymous visitor: saying so up front keeps the session
        # untouched, so Django adds no "Vary: Cookie" and shared caches keep one copy per page.
        request.user = AnonymousUser()
        url = _page_url(request)
        generation = content_generation()
        entry = memory.page(url, generation) if generation is not None else None
        if entry is not None:
            return _answer(request, entry, _view_headers(entry))
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not _storable(response):
            return response
        body = response.content
        entry = {
            "generation": generation,
            "body": body,
            "gzip": compress_string(body) if len(body) >= COMPRESS_FROM else None,
            "digest": hashlib.sha256(body).hexdigest()[:20],
            "headers": {name: response[name] for name in CACHED_HEADERS if name in response},
        }
        if generation is not None:
            cache.set(shared_key(url), entry, PAGE_TIMEOUT)
            memory.keep(url, entry)
        return _answer(request, entry, _view_headers(entry))

    return wrapped
