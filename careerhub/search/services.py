"""Keeping the search index in step with the content, and counting searches that found nothing."""

import html

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags

from careerhub.cache import content_generation
from certifications.models import Certification
from newsletter.models import Issue
from roles.models import CuratedComparison, ProjectIdea, RoadmapStep, Role, comparison_url

from .models import Document, IndexState, MissedQuery

BUILT_KEY = "search-index-generation"
# Private-use characters mark the matches in snippets; the text is escaped before they become <mark>.
MARK_START, MARK_STOP = "\ue000", "\ue001"


def ensure_index_current():
    """Rebuild the index if the content changed since it was built (no SQL when it has not).

    Returns the content generation the index is current for, or None when it cannot tell.

    Every content edit bumps the page cache's content generation; the index remembers the
    generation it was built from, so an edit shows in search on the next search.
    """
    generation = content_generation()
    if generation is None:
        return None  # cache unreachable: search what the index holds rather than rebuild on every request
    if cache.get(BUILT_KEY) != generation:
        rebuild_index(generation=generation)
    return generation


def rebuild_index(*, generation=None):
    with transaction.atomic():
        # The single state row is the lock: concurrent searches wait here, then find it built.
        state, _ = IndexState.objects.select_for_update().get_or_create(pk=1)
        if generation is None or state.generation != generation:
            Document.objects.all().delete()
            Document.objects.bulk_create(collect_documents(), batch_size=500)
            if connection.vendor == "postgresql":
                _fill_vectors_and_terms()
            state.generation = generation
            state.save()
    cache.set(BUILT_KEY, generation, None)


def _fill_vectors_and_terms():
    from django.contrib.postgres.search import SearchVector

    Document.objects.update(
        vector=SearchVector("title", weight="A", config="english") + SearchVector("body", weight="B", config="english")
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_term")
        # Every distinct word of the index, unstemmed ('simple'): the vocabulary typos are matched to.
        cursor.execute(
            "INSERT INTO search_term (word) SELECT word FROM ts_stat("
            "$$SELECT to_tsvector('simple', title || ' ' || body) FROM search_document$$"
            ") WHERE length(word) BETWEEN 3 AND 100 AND word ~ '^[a-z]'"
        )


def plain(markup):
    text = html.unescape(strip_tags(markup))
    return " ".join(text.replace(MARK_START, "").replace(MARK_STOP, "").split())


def collect_documents():
    """What visitors can read, as Document rows: published roles and everything on their pages."""
    docs = []
    for role in Role.objects.published().prefetch_related("dimension_cells__dimension"):
        # The role's comparison cells too (tools, background...): people search for "Kubernetes".
        cells = [f"{cell.dimension.name}: {cell.text}" for cell in role.dimension_cells.all()]
        parts = [role.summary, *role.html.values(), role.pick_if, role.also_called, *cells]
        docs.append(_doc(Document.Kind.ROLE, role, role.name, "Role profile", parts, role.get_absolute_url()))
    steps = RoadmapStep.objects.filter(role__is_published=True).select_related("role")
    for step in steps:
        url = f"{step.role.get_absolute_url()}#step-{step.order}"
        context = f"Step {step.order} of the {step.role.name} roadmap"
        docs.append(_doc(Document.Kind.STEP, step, step.title, context, [step.html["body"]], url))
    for project in ProjectIdea.objects.filter(role__is_published=True).select_related("role"):
        url = f"{project.role.get_absolute_url()}#project-{project.order}"
        context = f"{project.get_difficulty_display()} project for {project.role.name}"
        docs.append(_doc(Document.Kind.PROJECT, project, project.title, context, [project.html["summary"]], url))
    for comparison in CuratedComparison.objects.live().prefetch_related("faqs"):
        base = comparison_url(comparison.roles.all())
        for faq in comparison.faqs.all():
            url = f"{base}#faq-{faq.pk}"
            docs.append(_doc(Document.Kind.FAQ, faq, faq.question, comparison.title, [faq.html["answer"]], url))
    for cert in Certification.objects.published().select_related("provider"):
        context = " · ".join(filter(None, [cert.provider.name, cert.exam_code, cert.get_status_display()]))
        parts = [cert.exam_title, cert.summary, *cert.html.values()]
        docs.append(_doc(Document.Kind.CERTIFICATION, cert, cert.name, context, parts, cert.get_absolute_url()))
    for issue in Issue.objects.archived():
        parts = [issue.preheader, *issue.html.values()]
        title = f"#{issue.number}: {issue.title}"
        docs.append(_doc(Document.Kind.ISSUE, issue, title, "Newsletter issue", parts, issue.get_absolute_url()))
    return docs


def _doc(kind, obj, title, context, parts, url):
    body = " ".join(plain(part) for part in parts if part)
    return Document(kind=kind, object_id=obj.pk, title=plain(title)[:200], context=context[:200], body=body, url=url)


def record_miss(*, query):
    """Count a search that found nothing: no personal data; one statement on PostgreSQL, two elsewhere."""
    query = query.lower()[: MissedQuery._meta.get_field("query").max_length]
    today = timezone.localdate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_COUNT_MISS_SQL, [query, today, today])
        return
    if not MissedQuery.objects.filter(query=query).update(count=F("count") + 1, last_seen=today):
        # Two first misses at once: the slower one's count is lost, which is fine for a tally.
        MissedQuery.objects.bulk_create([MissedQuery(query=query)], ignore_conflicts=True)


# Everyone who searches for the same missing word updates the same row, each waiting for the one
# before to commit. A tally needs no disk flush before the answer (a database crash could lose its
# last few counts), so this one statement commits without waiting for it, and holds the row for
# microseconds instead of a disk sync. The upsert also counts two first misses at once correctly.
_COUNT_MISS_SQL = f"""
    WITH no_flush AS (SELECT set_config('synchronous_commit', 'off', true))
    INSERT INTO {MissedQuery._meta.db_table} (query, count, first_seen, last_seen)
    SELECT %s, 1, %s, %s FROM no_flush
    ON CONFLICT (query) DO UPDATE SET count = {MissedQuery._meta.db_table}.count + 1, last_seen = EXCLUDED.last_seen
"""
