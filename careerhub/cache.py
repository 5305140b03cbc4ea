"""Page caching for anonymous visitors, on Django's cache framework.

A public page is the same bytes for every anonymous visitor (no cookie, no CSRF token, no nonce).
Views decorated with `cache_page_for_visitors` are kept by Django's `cache_page` in each
process's "pages" cache (local memory: no round trip), and `Cache-Control: public, s-maxage`
lets nginx or a CDN, the caches the nodes share, keep them too. ConditionalGetMiddleware adds
the ETag. Any save or delete of a content model an app registered (`watch`), or a call to
`content_changed()`, bumps the content generation in Redis; it is part of every page's key, so
every node renders pages afresh within GENERATION_CHECK seconds. With Redis down, pages are
rendered on every request (django-redis ignores the errors).
"""

import time
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page
from django.views.decorators.gzip import gzip_page

GENERATION_KEY = "content-generation"
# Seconds a process trusts the generation it last read.
GENERATION_CHECK = 0.5
# How long Django keeps a page (a bound on staleness should a bump ever be lost, e.g. Redis down).
PAGE_TIMEOUT = 60 * 10
# Shared caches (nginx, a CDN) may keep a page this many seconds; browsers always revalidate
# (a cheap 304 thanks to the ETag). An edit therefore reaches visitors within SHARED_MAX_AGE.
SHARED_MAX_AGE = 5
# Query parameters that select what a page shows (the catalogue's filters, the archive's page);
# a request with any other parameter is rendered but not stored, so junk cannot fill the cache.
CACHED_QUERY_PARAMETERS = {"provider", "level", "role", "status", "page"}


def content_generation():
    """The current content generation, or None while the cache is down."""
    # Each process keeps the number it read for GENERATION_CHECK seconds, so most pages cost no
    # round trip to Redis: that is how late an edit made on another node may show here.
    generation = caches["pages"].get(GENERATION_KEY)
    if generation is None:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # First page since the cache was emptied: start a generation (None while the cache is down).
            cache.add(GENERATION_KEY, _clock(), None)
            generation = cache.get(GENERATION_KEY)
        if generation is not None:
            caches["pages"].set(GENERATION_KEY, generation, GENERATION_CHECK)
    return generation


def _clock():
    # Microseconds: a generation started after Redis was emptied is above every earlier one (and
    # below 2**53, since django-redis increments through Lua, whose numbers are doubles).
    return int(time.time() * 1_000_000)


def bump_content_generation(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache was emptied): start from the clock
        cache.set(GENERATION_KEY, _clock(), None)
    caches["pages"].delete(GENERATION_KEY)  # this process sees its own edit at once


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
        and set(request.GET) <= CACHED_QUERY_PARAMETERS
    )


def page_user(request):
    """``request.user``, without reading the session of a visitor who has none: that read alone
    makes Django add "Vary: Cookie", and shared caches would keep one copy of a page per cookie."""
    return request.user if settings.SESSION_COOKIE_NAME in request.COOKIES else AnonymousUser()


@lru_cache(maxsize=256)
def _cached(view, generation):
    # Compressed before it is stored, so a cached page costs no compression.
    return cache_page(PAGE_TIMEOUT, cache="pages", key_prefix=f"pages-{generation}")(gzip_page(view))


def cache_page_for_visitors(view):
    """Serve ``view`` from the page cache for anonymous visitors; bypass it for everyone else."""

    @wraps(view)
    def public(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # A view's own Cache-Control stays (e.g. no-store on a catalogue link with junk filters).
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
        return response

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_cacheable_request(request):
            response = view(request, *args, **kwargs)
            # Editors and visitors with a session see their own page: no shared cache may keep it.
            patch_cache_control(response, private=True)
            return response
        generation = content_generation()
        if generation is None:  # the cache is down: render every time, and let nginx keep it briefly
            return gzip_page(public)(request, *args, **kwargs)
        return _cached(public, generation)(request, *args, **kwargs)

    return wrapped
