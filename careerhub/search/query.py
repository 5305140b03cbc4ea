"""Running one search: typo correction, ranked matches, snippets, grouping by kind."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe
from rapidfuzz import fuzz, process

from .models import Document, Term
from .services import MARK_START, MARK_STOP, VERSION_KEY

WORD_RE = re.compile(r"\w+")
MAX_WORDS = 8
MAX_RESULTS = 60
# A word is corrected only when a vocabulary word is at least this similar (rapidfuzz's ratio, 0-100):
# "kubernets" scores 95 against "kubernetes", "retreival" 89 against "retrieval", while "data"
# against "date" scores 75 and is left alone.
CORRECTION_SIMILARITY = 80
SNIPPET_WORDS = 30
RESULTS_TIMEOUT = 60 * 10
VOCABULARY_KEY = "search-vocabulary"
# Kept under the index's version like the results; a day bounds how long an old version's copy lingers.
VOCABULARY_TIMEOUT = 60 * 60 * 24


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
    """Documents matching ``text``, grouped by kind, best group first.

    Results are kept in the cache under the index's version: the same search again costs no
    query until the index is rebuilt (which gives it a new version).
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        return run(text, version)  # cache unreachable or emptied since the last rebuild: search without it
    key = f"search-results:{hashlib.sha256(text.encode()).hexdigest()}"
    outcome = cache.get(key, version=version)
    if outcome is None:
        outcome = run(text, version)
        cache.set(key, outcome, RESULTS_TIMEOUT, version=version)
    return outcome


def run(text, version):
    variants = correct(text, vocabulary(version))
    matches = _postgres_matches if connection.vendor == "postgresql" else _plain_matches
    docs = list(matches(text, variants))
    groups = {}
    for doc in docs:
        group = groups.setdefault(doc.kind, Group(doc.kind, Document.Kind(doc.kind).label))
        group.results.append(doc)
    # Groups in the order of their best result; results inside keep the rank order.
    return Outcome(groups=list(groups.values()), total=len(docs), corrected=variants[0] if variants else "")


def vocabulary(version):
    """The index's words, sorted: one query after each rebuild, then read from the cache.

    The same on every database engine, so that SQLite (make run) forgives typos as PostgreSQL does.
    """
    words = cache.get(VOCABULARY_KEY, version=version) if version else None
    if words is None:
        words = list(Term.objects.order_by("word").values_list("word", flat=True))
        if version:
            cache.set(VOCABULARY_KEY, words, VOCABULARY_TIMEOUT, version=version)
    return words


def correct(text, words):
    """Spellings of ``text`` with misspelt words replaced by close words of the vocabulary ``words``.

    Up to two variants (the closest and the next closest word), best first; [] when every word
    is known or nothing is close.
    """
    known = set(words)
    choices = {}
    for word in words_of(text):
        if len(word) < 4 or word.isdigit() or word in known:
            continue  # a known word is never "corrected", nor a short one (too many close words)
        close = process.extract(word, words, scorer=fuzz.ratio, limit=2, score_cutoff=CORRECTION_SIMILARITY)
        if close:
            choices[word] = [match for match, _score, _index in close]
    if not choices:
        return []
    variants = []
    for k in range(max(len(options) for options in choices.values())):
        swap = {word: options[min(k, len(options) - 1)] for word, options in choices.items()}
        variants.append(WORD_RE.sub(lambda m, swap=swap: swap.get(m.group().lower(), m.group()), text))
    return variants


def _postgres_matches(text, variants):
    """PostgreSQL: full-text search (stemmed, ranked, whole-word headlines) of the text or a spelling."""
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


def _plain_matches(text, variants):
    """SQLite (make run): every word of the query, or of a corrected spelling, starts a word of the
    title or the body; title matches first. Matching at the start of words keeps "rag" out of
    "leverage", as PostgreSQL's full-text search does."""
    spellings = [words for words in map(words_of, [text, *variants]) if words]
    if not spellings:
        return []
    match = reduce(or_, (reduce(and_, (_starts_a_word(word) for word in words)) for words in spellings))
    first = word_start(spellings[0][0])
    in_title = Case(When(title__iregex=first, then=Value(0)), default=Value(1), output_field=IntegerField())
    docs = list(Document.objects.filter(match).annotate(in_title=in_title).order_by("in_title", "title")[:MAX_RESULTS])
    pattern = whole_words({word for words in spellings for word in words})
    for doc in docs:
        doc.snippet = plain_snippet(doc.body, pattern)
        doc.marked_title = mark_words(doc.title, pattern)
    return docs


def word_start(word):
    return rf"\b{re.escape(word)}"


def _starts_a_word(word):
    return Q(title__iregex=word_start(word)) | Q(body__iregex=word_start(word))


def whole_words(words):
    """The words of the text that start with one of ``words``: each is marked whole, never a part."""
    starts = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{starts})\w*", re.IGNORECASE)


def mark_words(text, pattern):
    return marked(pattern.sub(lambda m: f"{MARK_START}{m.group()}{MARK_STOP}", text))


def plain_snippet(body, pattern):
    found = pattern.search(body)
    start = max(found.start() - 80, 0) if found else 0
    excerpt = ("… " if start else "") + body[start : start + 240] + ("…" if len(body) > start + 240 else "")
    return mark_words(excerpt, pattern)
