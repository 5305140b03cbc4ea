"""Site search: typo forgiveness, grouping, snippets, bad input, query count, missed searches."""

import pytest
from django.db import connection
from django.urls import reverse

from careerhub.search.models import Document, MissedQuery
from careerhub.search.services import rebuild_index, record_miss
from newsletter.models import Issue
from tests.certifications.factories import make_certification
from tests.factories import (
    make_cell,
    make_curated_comparison,
    make_dimension,
    make_faq,
    make_project,
    make_roadmap_step,
    make_role,
)
from tests.newsletter.factories import make_issue

URL = reverse("search:search")


@pytest.fixture
def content(db):
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
    return {"ml": ml, "agentic": agentic, "comparison": comparison}


def titles(response):
    return [doc.title for group in response.context["outcome"].groups for doc in group.results]


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("kubernets", "ML Engineer"),
        ("agentc", "Agentic AI Engineer"),
        ("retreival", "Learn retrieval basics"),
        ("retreival augmentd", "Learn retrieval basics"),
        ("linear algebre", "Do I need a maths degree?"),
        ("vectr databse", "#7: Vector databases explained"),
    ],
)
def test_typos_still_find_the_page(client, content, typo, expected):
    response = client.get(URL, {"q": typo})
    assert response.status_code == 200
    assert expected in titles(response)
    assert response.context["outcome"].corrected


def test_results_are_grouped_by_kind_with_marked_snippets(client, content):
    response = client.get(URL, {"q": "retrieval"})
    kinds = [group.kind for group in response.context["outcome"].groups]
    assert kinds == ["step"]
    body = response.content.decode()
    assert "<mark>retrieval</mark>" in body
    assert "Learn <mark>retrieval</mark> basics</a>" in body  # the title is marked too
    assert 'href="/roles/ml-engineer/#step-1"' in body


def test_title_matches_rank_above_body_matches(client, content):
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


def test_an_edit_shows_in_search_on_the_next_search(client, content):
    assert not titles(client.get(URL, {"q": "quantisation"}))
    make_roadmap_step(content["ml"], order=9, title="Quantisation", body="Make models smaller.")
    assert "Quantisation" in titles(client.get(URL, {"q": "quantisation"}))


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


def test_markup_in_titles_is_escaped(client, content):
    make_roadmap_step(content["ml"], order=7, title="Latency < 100 ms & tags", body="Markup.")
    body = client.get(URL, {"q": "tags"}).content.decode()
    assert "Latency &lt; 100 ms &amp; <mark>tags</mark>" in body


def test_script_in_the_query_is_never_echoed_unescaped(client, content):
    response = client.get(URL, {"q": '<script>alert("x")</script> agent'})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_a_search_runs_at_most_four_queries(client, content, django_assert_max_num_queries):
    client.get(URL, {"q": "warm up"})  # builds the index once for this content
    with django_assert_max_num_queries(2):
        client.get(URL, {"q": "retreival augmentd generation"})
    with django_assert_max_num_queries(4):
        client.get(URL, {"q": "nothing like this anywhere"})


def test_search_query_count_does_not_grow_with_content(client, content, django_assert_num_queries):
    client.get(URL, {"q": "warm up"})
    with django_assert_num_queries(2):
        client.get(URL, {"q": "engineer"})
    for n in range(30):
        make_roadmap_step(content["ml"], order=100 + n, title=f"Engineer step {n}", body="Engineer things.")
    client.get(URL, {"q": "warm up"})
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
def test_counting_misses_never_loosens_durability_for_the_next_write():
    for _ in range(3):
        record_miss(query="Vector Databases")
    assert MissedQuery.objects.get().count == 3
    # The count commits without a disk flush; the setting must end with it, or a sign-up written
    # next on this connection could be lost in a database crash.
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


def test_editors_see_missed_searches(editor_client, content):
    MissedQuery.objects.create(query="mlops salary", count=3)
    response = editor_client.get(reverse("admin:search_missedquery_changelist"))
    assert response.status_code == 200
    assert "mlops salary" in response.content.decode()


def test_rebuild_indexes_every_kind(content):
    rebuild_index()
    assert set(Document.objects.values_list("kind", flat=True)) == set(Document.Kind.values)


def test_search_box_in_the_navigation(client, content):
    body = client.get(reverse("home")).content.decode()
    assert 'role="search"' in body and f'action="{URL}"' in body
