"""Building the search index from the content, and counting searches that found nothing."""

import html
import re
import uuid

from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from certifications.models import Certification, Provider
from newsletter.models import Issue
from roles.interviews.models import InterviewGuide, InterviewQuestion, InterviewStage
from roles.models import (
    FAQ,
    ComparisonDimension,
    CuratedComparison,
    DimensionCell,
    ProjectIdea,
    RoadmapStep,
    Role,
    comparison_url,
)
from roles.paths.models import Background, Carryover, LanePath

from .models import Document, IndexState, MissedQuery, Term

# What the index is copied from: a save or delete of any of these queues a rebuild (see tasks.py).
INDEXED_MODELS = [
    Role,
    ComparisonDimension,
    DimensionCell,
    RoadmapStep,
    ProjectIdea,
    CuratedComparison,
    CuratedComparison.roles.through,
    FAQ,
    Provider,
    Certification,
    Issue,
    Background,
    LanePath,
    Carryover,
    InterviewGuide,
    InterviewStage,
    InterviewQuestion,
]
# Cached search results are stored under the index's version: a rebuild gives it a new one.
VERSION_KEY = "search-index-version"
# Private-use characters mark the matches in snippets; the text is escaped before they become <mark>.
MARK_START, MARK_STOP = "\ue000", "\ue001"
# The vocabulary typos are corrected to: every word of the index, unstemmed, of 3 to 100 characters.
VOCABULARY_RE = re.compile(r"\b[a-z]\w{2,99}\b")


def rebuild_index():
    """Replace the index with what visitors can read now; returns the number of documents.

    Runs in the task worker (tasks.rebuild_index) or from `manage.py rebuild_search_index`, never
    in a visitor's request. Searches meanwhile read the old index until this one commits.
    """
    with transaction.atomic():
        # The single state row is the lock: a second rebuild waits here, then reads newer content.
        state, _ = IndexState.objects.select_for_update().get_or_create(pk=1)
        Document.objects.all().delete()
        docs = Document.objects.bulk_create(collect_documents(), batch_size=500)
        if connection.vendor == "postgresql":
            Document.objects.update(
                vector=SearchVector("title", weight="A", config="english")
                + SearchVector("body", weight="B", config="english")
            )
        Term.objects.all().delete()
        Term.objects.bulk_create((Term(word=word) for word in sorted(vocabulary(docs))), batch_size=1000)
        state.save()
        transaction.on_commit(new_version)
    return len(docs)


def new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def vocabulary(docs):
    return {word for doc in docs for word in VOCABULARY_RE.findall(f"{doc.title} {doc.body}".lower())}


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
    docs.extend(path_documents())
    docs.extend(interview_documents())
    docs.append(decoder_document())
    return docs


def path_documents():
    for background in Background.objects.published().with_lanes():
        parts = [background.summary, background.first_lane.name, *background.html.values()]
        for lane in background.lanes.all():
            parts += [lane.role.name, *(carryover.text for carryover in lane.carryovers.all()), lane.html["gaps"]]
        url = background.get_absolute_url()
        yield _doc(Document.Kind.PATH, background, background.name, "Path from today's job", parts, url)


def interview_documents():
    for guide in InterviewGuide.objects.published().with_loop():
        parts = [*guide.html.values()]
        parts += [f"{stage.name}: {stage.tests}. {stage.detail}" for stage in guide.stages.all()]
        parts += [f"{q.question} {q.strong_answer} {q.common_mistake}" for q in guide.questions.all()]
        title = f"Interviews for {guide.role.name}"
        yield _doc(Document.Kind.INTERVIEW, guide, title, "Interview guide", parts, guide.get_absolute_url())


# The job-posting decoder is a form, not content: its page is indexed by what it does.
DECODER_ID = 1
DECODER_TITLE = "Which lane does this job posting describe?"
DECODER_TEXT = (
    "Job-posting decoder. Paste a job posting or job description and see which of the five AI lanes "
    "its work describes, whatever its title says: the phrases that decide it, the seniority it asks "
    "for and what its interviews probe."
)


def decoder_document():
    return Document(
        kind=Document.Kind.TOOL,
        object_id=DECODER_ID,
        title=DECODER_TITLE,
        context="Job-posting decoder",
        body=DECODER_TEXT,
        url=reverse("postings:start"),
    )


def _doc(kind, obj, title, context, parts, url):
    body = " ".join(plain(part) for part in parts if part)
    return Document(kind=kind, object_id=obj.pk, title=plain(title)[:200], context=context[:200], body=body, url=url)


def record_miss(*, query):
    """Count a search that found nothing, by its text only: one UPDATE once the text was missed before."""
    query = query.lower()[: MissedQuery._meta.get_field("query").max_length]
    counted = MissedQuery.objects.filter(query=query)
    increment = {"count": F("count") + 1, "last_seen": timezone.localdate()}
    if not counted.update(**increment):
        # The first miss of this text: add its row at 0 (or find that another visitor just did),
        # then count, so that two first misses at once count two.
        MissedQuery.objects.bulk_create([MissedQuery(query=query, count=0)], ignore_conflicts=True)
        counted.update(**increment)
