"""Full-page cache for visitors, with invalidation on every content edit and conditional GET.

Why not Django's cache_page: every page carries a CSRF token (the footer sign-up form) and
may carry a CSP nonce; both are per visitor. Here the cached body keeps placeholders where
they stood and each response gets the visitor's own values, so one rendering serves everyone.

Invalidation: every cache key includes a "content generation" number that any save or
delete of a content model bumps (see CareerhubConfig.ready), so an editor's change shows on
the very next request. A TTL bounds staleness should a bump ever be lost (cache down).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

GENERATION_KEY = "content-generation"
PAGE_TIMEOUT = 60 * 10
CSRF_PLACEHOLDER = b"__CAREERHUB_CSRF_TOKEN__"
NONCE_PLACEHOLDER = b"__CAREERHUB_CSP_NONCE__"
CACHED_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag")


def content_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock so that a restarted, emptied cache never reuses an old number.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY, 0)
    return generation


def bump_content_generation(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)


def is_cacheable_request(request):
    """Anonymous GET/HEAD without session or messages: the page is the same for every visitor."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _page_key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{content_generation()}:{digest}"


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
    patch_cache_control(response, no_cache=True)
    return response


def cache_page_for_visitors(view):
    """Serve ``view`` from the page cache for anonymous visitors; bypass it for everyone else."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        entry = cache.get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code != 200 or response.streaming or response.cookies:
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
    return entry


def _token_in(body):
    marker = b'name="csrfmiddlewaretoken" value="'
    start = body.find(marker)
    if start == -1:
        return None
    start += len(marker)
    return body[start : body.index(b'"', start)]
