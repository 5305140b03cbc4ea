"""Running one search: typo correction, ranked matches, snippets, grouping by kind."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Document, Term
from .services import MARK_START, MARK_STOP, VERSION_KEY

WORD_RE = re.compile(r"\w+")
MAX_WORDS = 8
MAX_RESULTS = 60
# A word is corrected only when a vocabulary word is at least this similar (pg_trgm similarity):
# "retreival" and "retrieval" score 0.43, unrelated words of that length under 0.2.
CORRECTION_SIMILARITY = 0.35
SNIPPET_WORDS = 30
RESULTS_TIMEOUT = 60 * 10


@dataclass
class Group:
    kind: str
    label: str
    results: list = field(default_factory=list)


@dataclass
class Outcome:
    groups: list
    total: int
    corrected: str = ""


def words_of(text):
    return WORD_RE.findall(text.lower())[:MAX_WORDS]


def search(text):
    """Documents matching ``text``, grouped by kind, best group first: two queries on PostgreSQL.

    Results are kept in the cache under the index's version: the same search again costs no
    query until the index is rebuilt (which gives it a new version).
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        return run(text)  # cache unreachable or emptied since the last rebuild: search without it
    key = f"search-results:{hashlib.sha256(text.encode()).hexdigest()}"
    outcome = cache.get(key, version=version)
    if outcome is None:
        outcome = run(text)
        cache.set(key, outcome, RESULTS_TIMEOUT, version=version)
    return outcome


def run(text):
    if connection.vendor == "postgresql":
        variants = correct(text)
        docs = list(_postgres_matches(text, variants))
    else:
        variants = []
        docs = _plain_matches(text)
    groups = {}
    for doc in docs:
        group = groups.setdefault(doc.kind, Group(doc.kind, Document.Kind(doc.kind).label))
        group.results.append(doc)
    # Groups in the order of their best result; results inside keep the rank order.
    return Outcome(groups=list(groups.values()), total=len(docs), corrected=variants[0] if variants else "")


def correct(text):
    """Spellings of ``text`` with misspelt words replaced by close words of the indexed text.

    Up to two variants (the closest and the next closest word), best first; [] when every word
    is known or nothing is close. One query, using the trigram index on the vocabulary.
    """
    from django.contrib.postgres.search import TrigramSimilarity

    words = [word for word in words_of(text) if len(word) >= 4 and not word.isdigit()]
    if not words:
        return []
    scores = {f"s{i}": TrigramSimilarity("word", word) for i, word in enumerate(words)}
    candidates = list(
        Term.objects.filter(reduce(or_, (Q(word__trigram_similar=word) for word in words)))
        .annotate(**scores)
        .values("word", *scores)[:500]
    )
    known = {row["word"] for row in candidates}
    choices = {}
    for i, word in enumerate(words):
        if word in known:
            continue  # a known word is never "corrected"
        close = sorted(
            (row for row in candidates if row[f"s{i}"] >= CORRECTION_SIMILARITY),
            key=lambda row: (-row[f"s{i}"], row["word"]),
        )
        if close:
            choices[word] = [row["word"] for row in close[:2]]
    if not choices:
        return []
    variants = []
    for k in range(max(len(options) for options in choices.values())):
        swap = {word: options[min(k, len(options) - 1)] for word, options in choices.items()}
        variants.append(WORD_RE.sub(lambda m, swap=swap: swap.get(m.group().lower(), m.group()), text))
    return variants


def _postgres_matches(text, variants):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    query = SearchQuery(text, search_type="websearch", config="english")
    for variant in variants:
        query |= SearchQuery(variant, search_type="websearch", config="english")
    headline = SearchHeadline(
        "body",
        query,
        config="english",
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    title_headline = SearchHeadline(
        "title", query, config="english", start_sel=MARK_START, stop_sel=MARK_STOP, highlight_all=True
    )
    docs = (
        Document.objects.filter(vector=query)
        .annotate(rank=SearchRank(F("vector"), query), headline=headline, title_headline=title_headline)
        .order_by("-rank", "title")
        .defer("body", "vector")[:MAX_RESULTS]
    )
    for doc in docs:
        doc.snippet = marked(doc.headline)
        doc.marked_title = marked(doc.title_headline)
        yield doc


def marked(headline):
    """The headline escaped, then its match markers turned into <mark>."""
    return mark_safe(escape(headline).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


def _plain_matches(text):
    """SQLite (make run): every word in the title or the body, title matches first."""
    words = words_of(text)
    if not words:
        return []
    docs = Document.objects.all()
    for word in words:
        docs = docs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    in_title = Case(When(title__icontains=words[0], then=Value(0)), default=Value(1), output_field=IntegerField())
    docs = list(docs.annotate(in_title=in_title).order_by("in_title", "title")[:MAX_RESULTS])
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    for doc in docs:
        doc.snippet = plain_snippet(doc.body, words, pattern)
        doc.marked_title = marked(pattern.sub(lambda m: f"{MARK_START}{m.group()}{MARK_STOP}", doc.title))
    return docs


def plain_snippet(body, words, pattern):
    at = body.lower().find(words[0])
    start = max(at - 80, 0) if at >= 0 else 0
    excerpt = ("… " if start else "") + body[start : start + 240] + ("…" if len(body) > start + 240 else "")
    return marked(pattern.sub(lambda m: f"{MARK_START}{m.group()}{MARK_STOP}", excerpt))
