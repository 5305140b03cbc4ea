"""Site search: typo forgiveness, grouping, snippets, bad input, query count, missed searches,
and an index kept current by the task queue, never by a visitor's request."""

import html
import io
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from careerhub.search.models import Document, MissedQuery
from careerhub.search.services import record_miss
from certifications.models import Certification
from newsletter.models import Issue
from tests.certifications.factories import make_certification
from tests.concurrency import another_transaction
from tests.factories import (
    make_cell,
    make_curated_comparison,
    make_dimension,
    make_faq,
    make_project,
    make_roadmap_step,
    make_role,
    make_skill_area,
)
from tests.interviews.factories import make_guide, make_question, make_stage
from tests.newsletter.factories import make_issue
from tests.paths.factories import make_background, make_lane

URL = reverse("search:search")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """The block's writes as if committed: what runs after a commit (queuing the rebuild) runs."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def content(db, committed):
    with committed():
        return make_content()


def make_content():
    ml = make_role(name="ML Engineer", slug="ml-engineer", summary="Trains and serves models.")
    agentic = make_role(
        name="Agentic AI Engineer", slug="agentic-ai-engineer", summary="Builds agentic systems with tools."
    )
    make_cell(make_dimension(name="Tools"), ml, text="PyTorch, MLflow, Docker, Kubernetes.")
    make_roadmap_step(
        ml, order=1, title="Learn retrieval basics", body="Embeddings and retrieval augmented generation."
    )
    make_project(agentic, order=1, title="A travel agent", summary="An agent that books trips with tool calls.")
    comparison = make_curated_comparison([ml, agentic], title="ML Engineer vs Agentic AI Engineer")
    make_faq(comparison, question="Do I need a maths degree?", answer="No: linear algebra basics are enough.")
    make_certification(name="Azure AI Engineer Associate", summary="Building <b>Azure</b> AI solutions.")
    make_issue(number=7, title="Vector databases explained", status=Issue.Status.SENT)
    make_issue(number=8, title="Draft about vector stores", status=Issue.Status.DRAFT)
    make_role(name="Secret Role", slug="secret-role", summary="Hidden vector stuff.", is_published=False)
    backend = make_background(ml, name="Backend developer", slug="backend", summary="You build web services.")
    carries = {make_skill_area(): "You ship containers to production every week."}
    make_lane(backend, ml, carries=carries, gaps="- Evaluation harnesses")
    guide = make_guide(agentic, overview="Candidates who leverage tools well; expect one RAG design question.")
    make_stage(guide, name="Decomposition interview", tests="Breaking a vague customer problem into parts.")
    make_question(guide, make_skill_area(), question="How would you evaluate an agent's tool calls?")
    return {"ml": ml, "agentic": agentic, "comparison": comparison}


def titles(response):
    return [doc.title for group in response.context["outcome"].groups for doc in group.results]


def result_titles(page):
    """The result headings of a search page, as a visitor reads them (marks removed)."""
    return [html.unescape(strip_tags(title)) for title in re.findall(r'<h3 class="h6 mb-1"><a [^>]*>(.*?)</a>', page)]


TYPOS = [
    ("kubernets", "ML Engineer", "kubernetes"),
    ("agentc", "Agentic AI Engineer", "agentic"),
    ("retreival", "Learn retrieval basics", "retrieval"),
    ("retreival augmentd", "Learn retrieval basics", "retrieval augmented"),
    ("linear algebre", "Do I need a maths degree?", "linear algebra"),
    ("vectr databse", "#7: Vector databases explained", "vector databases"),
    ("decompositon interveiw", "Interviews for Agentic AI Engineer", "decomposition interview"),
]
# The new pages are found by what they hold, whatever the engine.
FOUND = [
    ("job posting", "Which lane does this job posting describe?"),
    ("backend developer", "Backend developer"),
    ("containers", "Backend developer"),
    ("decomposition", "Interviews for Agentic AI Engineer"),
    ("tool calls", "Interviews for Agentic AI Engineer"),
]


def did_you_mean(page):
    found = re.search(r"Did you mean <a href=\"[^\"]*\" data-suggestion>(.*?)</a>", page)
    return found and html.unescape(found.group(1))


@pytest.mark.parametrize(("typo", "expected", "suggestion"), TYPOS)
def test_typos_still_find_the_page_and_suggest_the_spelling(client, content, typo, expected, suggestion):
    response = client.get(URL, {"q": typo})
    assert response.status_code == 200
    page = response.content.decode()
    assert expected in result_titles(page)
    assert did_you_mean(page) == suggestion


@pytest.mark.parametrize(("query", "expected"), FOUND)
def test_paths_interview_guides_and_the_posting_decoder_are_found(client, content, query, expected):
    page = client.get(URL, {"q": query}).content.decode()
    assert expected in result_titles(page)
    assert did_you_mean(page) is None


def test_a_match_is_a_whole_word_marked_whole(client, content):
    page = client.get(URL, {"q": "rag"}).content.decode()
    assert result_titles(page) == ["Interviews for Agentic AI Engineer"]
    assert "<mark>RAG</mark>" in page
    assert "leve<mark>" not in page and "<mark>rag" not in page


def test_known_words_are_never_corrected(client, content):
    assert did_you_mean(client.get(URL, {"q": "data"}).content.decode()) is None


SQLITE_SCRIPT = """
import json
from django.db import transaction
from django.test import Client
from django.test.utils import setup_test_environment
from tests.careerhub.test_search import FOUND, TYPOS, make_content

setup_test_environment()
with transaction.atomic():
    make_content()
queries = [typo for typo, *_ in TYPOS] + [query for query, _ in FOUND] + ["rag", "data"]
client = Client()
print(json.dumps({query: client.get("/search/", {"q": query}).content.decode() for query in queries}))
"""


@pytest.fixture(scope="module")
def sqlite_pages(tmp_path_factory):
    """The search pages of the default set-up (make run: SQLite, DEBUG, tasks run at once, local cache)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL", "REDIS_URL", "TASKS_BACKEND"}}
    env.update(DJANGO_DEBUG="1", SQLITE_PATH=str(tmp_path_factory.mktemp("sqlite") / "db.sqlite3"))
    manage = [sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py")]
    run = {"env": env, "cwd": django_settings.BASE_DIR, "check": True, "capture_output": True, "text": True}
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], **run)
    out = subprocess.run([*manage, "shell", "-c", SQLITE_SCRIPT], **run).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize(("typo", "expected", "suggestion"), TYPOS)
def test_on_sqlite_typos_find_the_same_pages_and_suggestions(sqlite_pages, typo, expected, suggestion):
    assert expected in result_titles(sqlite_pages[typo])
    assert did_you_mean(sqlite_pages[typo]) == suggestion


@pytest.mark.parametrize(("query", "expected"), FOUND)
def test_on_sqlite_the_new_pages_are_found(sqlite_pages, query, expected):
    assert expected in result_titles(sqlite_pages[query])


def test_on_sqlite_matches_are_whole_words_marked_whole(sqlite_pages):
    page = sqlite_pages["rag"]
    assert result_titles(page) == ["Interviews for Agentic AI Engineer"]
    assert "<mark>RAG</mark>" in page
    assert "leve<mark>" not in page and "<mark>rag" not in page
    assert did_you_mean(sqlite_pages["data"]) is None


def test_results_are_grouped_by_kind_with_marked_snippets(client, content):
    response = client.get(URL, {"q": "retrieval"})
    kinds = [group.kind for group in response.context["outcome"].groups]
    assert kinds == ["step"]
    body = response.content.decode()
    assert "<mark>retrieval</mark>" in body
    assert "Learn <mark>retrieval</mark> basics</a>" in body  # the title is marked too
    assert 'href="/roles/ml-engineer/#step-1"' in body


def test_title_matches_rank_above_body_matches(client, content, committed):
    with committed():
        make_roadmap_step(content["agentic"], order=5, title="Notes", body="A docker compose file with docker.")
        make_roadmap_step(content["agentic"], order=6, title="Docker for deployment", body="Ship it.")
    response = client.get(URL, {"q": "docker"})
    step_titles = [doc.title for doc in response.context["outcome"].groups[0].results]
    assert step_titles.index("Docker for deployment") < step_titles.index("Notes")


def test_only_what_visitors_can_read_is_found(client, content):
    found = titles(client.get(URL, {"q": "vector"}))
    assert "#7: Vector databases explained" in found
    assert not any("Draft" in title or "Secret" in title for title in found)


def test_faq_links_to_its_comparison(client, content):
    body = client.get(URL, {"q": "maths degree"}).content.decode()
    faq = content["comparison"].faqs.get()
    assert f'href="/compare/ml-engineer-vs-agentic-ai-engineer/#faq-{faq.pk}"' in body


def test_an_edit_is_found_once_it_commits(client, content, committed):
    with committed():
        make_roadmap_step(content["ml"], order=9, title="Quantisation", body="Make models smaller.")
        content["ml"].summary = "Trains, distils and serves models."
        content["ml"].save()
        assert not titles(client.get(URL, {"q": "quantisation"}))  # not committed yet
    assert "Quantisation" in titles(client.get(URL, {"q": "quantisation"}))
    assert "ML Engineer" in titles(client.get(URL, {"q": "distils"}))


def test_a_certification_edit_is_found_once_it_commits(client, content, committed):
    cert = Certification.objects.get()
    with committed():
        cert.summary = "Covers responsible AI dashboards."
        cert.save()
    assert "Azure AI Engineer Associate" in titles(client.get(URL, {"q": "dashboards"}))


def test_deleted_or_unpublished_content_leaves_the_index(client, content, committed):
    with committed():
        content["agentic"].projects.get().delete()
    assert not titles(client.get(URL, {"q": "travel agent"}))
    assert "Learn retrieval basics" in titles(client.get(URL, {"q": "retrieval"}))
    with committed():
        content["ml"].is_published = False
        content["ml"].save()
    assert not titles(client.get(URL, {"q": "retrieval"}))  # the role's roadmap went with it


def test_a_comparison_losing_a_role_takes_its_faq_out_of_search(client, content, committed):
    with committed():
        content["comparison"].roles.remove(content["agentic"])
    assert not titles(client.get(URL, {"q": "maths degree"}))


def index_writes(queries):
    return [
        q["sql"]
        for q in queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b.*\bsearch_(document|term|indexstate)\b", q["sql"], re.S | re.I)
    ]


def test_a_search_never_writes_to_the_index(client, content):
    make_roadmap_step(content["ml"], order=9, title="Quantisation", body="Make models smaller.")  # not committed
    with CaptureQueriesContext(connection) as queries:
        found = client.get(URL, {"q": "retrieval"})
        missed = client.get(URL, {"q": "quantisation"})
    assert "Learn retrieval basics" in titles(found)
    assert not titles(missed)  # the index is rebuilt by the task after the commit, not here
    assert queries.captured_queries and not index_writes(queries.captured_queries)


@fuzz_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120))
def test_any_query_gets_an_answer_and_leaves_the_index_alone(client, content, text):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": text})
    assert response.status_code in (200, 400)
    assert not index_writes(queries.captured_queries)


@pytest.mark.django_db(transaction=True)  # real commits, and a worker that runs the queued task
def test_with_the_task_queue_an_edit_is_found_after_the_worker_runs(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = DBTaskResult.objects.filter(task_path="careerhub.search.tasks.rebuild_index", status="READY")
    with transaction.atomic():
        role = make_role(name="ML Engineer", slug="ml-engineer")
        for n in range(3):
            make_roadmap_step(role, order=n, title=f"Quantisation part {n}", body="Make models smaller.")
    assert queued.count() == 1  # one rebuild for the whole transaction
    assert not titles(client.get(URL, {"q": "quantisation"}))
    run_worker()
    assert len(titles(client.get(URL, {"q": "quantisation"}))) == 3
    make_roadmap_step(role, order=9, title="Distillation", body="Smaller still.")
    assert queued.count() == 1
    assert not titles(client.get(URL, {"q": "distillation"}))
    run_worker()
    assert "Distillation" in titles(client.get(URL, {"q": "distillation"}))


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_edit_queues_nothing_and_the_next_edit_still_does(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = DBTaskResult.objects.filter(task_path="careerhub.search.tasks.rebuild_index")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_role(slug="twice")
        make_role(slug="twice")
    assert not queued.exists()
    make_role()
    assert queued.count() == 1


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def test_markup_in_content_is_escaped_in_snippets(client, content):
    body = client.get(URL, {"q": "azure"}).content.decode()
    assert "&lt;b&gt;" not in body and "<b>Azure</b>" not in body  # tags stripped from the copy
    assert "<mark>Azure</mark>" in body


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 200, ""),
        ("!!! ??? ...", 200, "punctuation on its own matches nothing"),
        ("a" * 101, 400, "Keep your search under 100 characters."),
        ("agent\x00ic", 400, "Null characters are not allowed."),
        ("agent\x07", 400, "invisible control characters"),
        ("retrieval\tbasics\n", 200, "for “retrieval basics”"),
    ],
)
def test_bad_queries_get_a_message_not_an_error(client, content, query, status, message):
    response = client.get(URL, {"q": query})
    assert response.status_code == status
    assert message in response.content.decode()


def test_markup_in_titles_is_escaped(client, content, committed):
    with committed():
        make_roadmap_step(content["ml"], order=7, title="Latency < 100 ms & tags", body="Markup.")
    body = client.get(URL, {"q": "tags"}).content.decode()
    assert "Latency &lt; 100 ms &amp; <mark>tags</mark>" in body


def test_script_in_the_query_is_never_echoed_unescaped(client, content):
    response = client.get(URL, {"q": '<script>alert("x")</script> agent'})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_a_search_runs_a_small_constant_number_of_queries(client, content, django_assert_num_queries):
    with django_assert_num_queries(2):  # the vocabulary (once per index version), matches
        client.get(URL, {"q": "retreival augmentd generation"})
    with django_assert_num_queries(1):  # the vocabulary is now cached: matches only
        client.get(URL, {"q": "agentc"})
    with django_assert_num_queries(4):  # and counting the first miss of this text
        client.get(URL, {"q": "nothing like this anywhere"})


def test_search_query_count_does_not_grow_with_content(client, content, committed, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get(URL, {"q": "engineer"})
    with committed():
        for n in range(30):
            make_roadmap_step(content["ml"], order=100 + n, title=f"Engineer step {n}", body="Engineer things.")
    with django_assert_num_queries(2):
        response = client.get(URL, {"q": "engineer"})
    assert response.context["outcome"].total > 30


def test_the_same_search_again_is_served_from_the_cache(client, content, django_assert_num_queries):
    client.get(URL, {"q": "retrieval"})
    with django_assert_num_queries(0):
        response = client.get(URL, {"q": "retrieval"})
    assert "Learn retrieval basics" in titles(response)
    client.get(URL, {"q": "quantum"})
    with django_assert_num_queries(1):  # nothing found is still counted, every time
        client.get(URL, {"q": "quantum"})
    assert MissedQuery.objects.get().count == 2


def test_searches_that_found_nothing_are_counted_by_text_only(client, content):
    for query in ["Quantum Annealing", "quantum annealing", "retrieval"]:
        client.get(URL, {"q": query}, REMOTE_ADDR="203.0.113.9")
    assert list(MissedQuery.objects.values_list("query", "count")) == [("quantum annealing", 2)]
    assert {field.name for field in MissedQuery._meta.fields} == {"id", "query", "count", "first_seen", "last_seen"}


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: each count is its own transaction
def test_two_first_misses_of_the_same_text_at_once_count_two():
    with another_transaction(lambda: record_miss(query="Vector Databases")) as release:
        # The other visitor's first miss is not committed yet: this one waits for it, then counts.
        threading.Timer(0.3, release.set).start()
        record_miss(query="vector databases")
    record_miss(query="VECTOR DATABASES")
    assert list(MissedQuery.objects.values_list("query", "count")) == [("vector databases", 3)]


def test_editors_see_missed_searches(editor_client, content):
    MissedQuery.objects.create(query="mlops salary", count=3)
    response = editor_client.get(reverse("admin:search_missedquery_changelist"))
    assert response.status_code == 200
    assert "mlops salary" in response.content.decode()


def test_the_rebuild_command_indexes_every_kind(db):
    make_content()  # not committed: no rebuild queued
    assert not Document.objects.exists()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert set(Document.objects.values_list("kind", flat=True)) == set(Document.Kind.values)


def test_search_box_in_the_navigation(client, content):
    body = client.get(reverse("home")).content.decode()
    assert 'role="search"' in body and f'action="{URL}"' in body


def test_edits_to_paths_and_interview_guides_are_found_once_they_commit(client, content, committed):
    guide = content["agentic"].interview_guide
    with committed():
        guide.take_home = "Build a **customer role-play** transcript grader."
        guide.save()
    assert "Interviews for Agentic AI Engineer" in titles(client.get(URL, {"q": "transcript grader"}))
    with committed():
        guide.questions.update(common_mistake="Forgetting idempotency.")  # a queryset update sends no signal
        guide.stages.get().save()
    assert "Interviews for Agentic AI Engineer" in titles(client.get(URL, {"q": "idempotency"}))
    background = content["ml"].background_paths.get().background
    with committed():
        background.is_published = False
        background.save()
    assert not titles(client.get(URL, {"q": "containers"}))
