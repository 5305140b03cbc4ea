"""Workflows of the certifications app: checking that source pages still say what they said."""

import hashlib
import html
import re
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import reversion
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from careerhub.cache import content_changed
from careerhub.editorial.services import ensure_baseline

from .models import Certification, DomainWeight, Fact, SourceLink

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
    text: str = ""
    error: str = ""

    @property
    def reachable(self):
        return self.status is not None


def visible_bytes(body):
    return SPACE.sub(b" ", TAGS.sub(b" ", NOISE.sub(b" ", body))).strip()


def content_hash(body):
    return hashlib.sha256(visible_bytes(body)).hexdigest()


# Typographic variants a page may use for the same quotation (dashes, quotes, no-break spaces).
EQUIVALENTS = str.maketrans({"–": "-", "—": "-", "‑": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})


def comparable(text):
    """Text as the quotation check compares it: entities decoded, one kind of dash and quote, no spaces.

    Spaces are dropped because markup decides them: table cells and labels run together in one copy
    of a page ("Exam cost$165") and come apart in another ("Exam cost $165").
    """
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(EQUIVALENTS).casefold()
    return "".join(text.split())


def page_text(body):
    return comparable(visible_bytes(body).decode("utf-8", errors="replace"))


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
            body = bytes(body)
            return Fetch(url, response.status_code, str(response.url), content_hash(body), page_text(body))
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


def missing_quotations(claims, text):
    """Claims whose quotation is no longer in the page's ``text``: each goes to the review queue on its own."""
    missing = [claim for claim in claims if claim.quotation and comparable(claim.quotation) not in text]
    for claim in missing:
        claim.needs_review = True
    return missing


def check_sources(*, timeout=None, transport=None, sources=None, report=None):
    """Fetches every source page once (official pages included) and records what it saw.

    A fact (or domain weight) whose quotation is no longer on its page is flagged on its own. Returns the
    checked sources. ``report(source, missing)`` is called for each, in order, with its flagged claims.
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
    # Quotations are looked for only on pages that answered with content (not error pages).
    read = [source for source in sources if results[source.url].reachable and results[source.url].status < 400]
    claims = {source.pk: [] for source in read}
    for model in (Fact, DomainWeight):
        for claim in model.objects.filter(source__in=read).exclude(quotation=""):
            claims[claim.source_id].append(claim)
    flagged = []
    with transaction.atomic():
        for source in sources:
            record(source, results[source.url], now)
            missing = missing_quotations(claims.get(source.pk, []), results[source.url].text)
            if missing:
                source.needs_review = True
                flagged.extend(missing)
            if report:
                report(source, missing)
        SourceLink.objects.bulk_update(sources, fields)
        for model in (Fact, DomainWeight):
            model.objects.bulk_update([claim for claim in flagged if isinstance(claim, model)], ["needs_review"])
        # bulk_update sends no model signals: tell the page cache that source pages changed.
        content_changed()
    return sources


def review_queue():
    """Certifications with a source or a fact the checker flagged and no editor has cleared yet."""
    flagged = Q(sources__needs_review=True) | Q(facts__needs_review=True) | Q(domains__weights__needs_review=True)
    return Certification.objects.filter(flagged).distinct()


def mark_claim_reviewed(*, claim, user, on=None):
    """An editor checked one fact (or domain weight) against its page: who and when go on the fact and in history.

    Once no other claim of the same page waits for review, the page leaves the review queue too.
    """
    source = claim.source
    certification = source.certification
    ensure_baseline(certification)
    with transaction.atomic(), reversion.create_revision():
        claim.checked_on = on or timezone.localdate()
        claim.checked_by = user.get_full_name() or user.get_username()
        claim.needs_review = False
        claim.save(update_fields=["checked_on", "checked_by", "needs_review"])
        waiting = (
            Fact.objects.filter(source=source, needs_review=True).exists()
            or DomainWeight.objects.filter(source=source, needs_review=True).exists()
        )
        if source.needs_review and not waiting:
            source.needs_review = False
            source.save(update_fields=["needs_review"])
        # Saved so that the page's "dateModified" moves and the certification's history gets the entry.
        certification.save(update_fields=["updated_at"])
        reversion.set_user(user)
        reversion.set_comment(f"Checked “{claim}” against {source.url} ({claim.checked_on:%-d %B %Y}).")
        reversion.add_to_revision(certification)
    content_changed()
    return claim


def mark_source_reviewed(*, source, user):
    """An editor looked at a page the checker flagged (changed, broken) and found its facts still hold."""
    certification = source.certification
    ensure_baseline(certification)
    with transaction.atomic(), reversion.create_revision():
        source.needs_review = False
        source.save(update_fields=["needs_review"])
        certification.save(update_fields=["updated_at"])
        reversion.set_user(user)
        reversion.set_comment(f"Looked at {source.url}: its facts still hold.")
        reversion.add_to_revision(certification)
    content_changed()
    return source
