"""Workflows of the certifications app: checking that source pages still say what they said."""

import hashlib
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from careerhub.cache import content_changed

from .models import Certification, SourceLink

# Pages bigger than this are hashed on their first MAX_BYTES: enough to notice an edit, bounded memory.
MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
WORKERS = 4
USER_AGENT = "AICareerHub-SourceChecker/1.0 (+{site}/certifications/; checks certification facts)"

# What counts as the page's content: visible text, not scripts, styles or markup that change per visit.
NOISE = re.compile(rb"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
TAGS = re.compile(rb"<[^>]+>")
SPACE = re.compile(rb"\s+")


@dataclass
class Fetch:
    url: str
    status: int | None = None
    final_url: str = ""
    content_hash: str = ""
    error: str = ""

    @property
    def reachable(self):
        return self.status is not None


def content_hash(body):
    text = SPACE.sub(b" ", TAGS.sub(b" ", NOISE.sub(b" ", body))).strip()
    return hashlib.sha256(text).hexdigest()


def fetch(client, url, *, timeout):
    """GET ``url`` following redirects; never raises: failures come back as ``error``."""
    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) >= MAX_BYTES:
                    del body[MAX_BYTES:]
                    break
                if time.monotonic() > deadline:
                    return Fetch(url, error=f"no complete answer within {timeout:g} seconds")
            return Fetch(url, response.status_code, str(response.url), content_hash(bytes(body)))
    except httpx.TimeoutException:
        return Fetch(url, error=f"no answer within {timeout:g} seconds")
    except httpx.TooManyRedirects:
        return Fetch(url, error=f"more than {MAX_REDIRECTS} redirects")
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as error:
        return Fetch(url, error=(str(error) or type(error).__name__)[:200])


def record(source, result, now):
    """What the checker saw, and whether an editor needs to look (changed page, error page, unreachable)."""
    source.checked_at = now
    source.check_error = result.error
    source.http_status = result.status
    if not result.reachable:
        source.check_result = SourceLink.Check.UNREACHABLE
    elif result.status >= 400:
        source.check_result = SourceLink.Check.ERROR
        source.final_url = result.final_url
    else:
        source.final_url = result.final_url
        if not source.content_hash:
            source.check_result = SourceLink.Check.NEW
        elif source.content_hash != result.content_hash:
            source.check_result = SourceLink.Check.CHANGED
        else:
            source.check_result = SourceLink.Check.OK
        source.content_hash = result.content_hash
    if source.check_result in SourceLink.NEEDS_REVIEW:
        source.needs_review = True


def check_sources(*, timeout=None, transport=None, sources=None, report=None):
    """Fetches every source page once (official pages included) and records what it saw.

    Returns the checked sources. ``report(source)`` is called for each, in order, for the command's output.
    """
    timeout = settings.SOURCE_CHECK_TIMEOUT if timeout is None else timeout
    sources = list(
        (sources if sources is not None else SourceLink.objects.all())
        .select_related("certification")
        .order_by("certification__slug", "pk")
    )
    urls = list(dict.fromkeys(source.url for source in sources))
    client = httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT.format(site=settings.SITE_URL)},
        transport=transport,
    )
    with client, ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = dict(zip(urls, pool.map(lambda url: fetch(client, url, timeout=timeout), urls), strict=True))
    now = timezone.now()
    fields = ["checked_at", "check_result", "http_status", "final_url", "content_hash", "check_error", "needs_review"]
    with transaction.atomic():
        for source in sources:
            record(source, results[source.url], now)
            if report:
                report(source)
        SourceLink.objects.bulk_update(sources, fields)
        # bulk_update sends no model signals: tell the page cache that source pages changed.
        content_changed()
    return sources


def review_queue():
    """Certifications with a source the checker flagged and no editor has cleared yet."""
    return Certification.objects.filter(sources__needs_review=True).distinct()
