"""Share cards: og tags on role and comparison pages, and the 1200x630 PNGs they point to."""

import datetime
import io

import pytest
from django.core.cache import cache
from PIL import Image

from careerhub.sharecards import cards as sharecards
from tests.certifications.factories import make_certification
from tests.factories import make_role


@pytest.fixture
def roles(db):
    return [
        make_role(name="AI Engineer", slug="ai-engineer", display_order=1, summary="Builds with models."),
        make_role(name="ML Engineer", slug="ml-engineer", display_order=2, summary="Trains models."),
    ]


def test_role_page_carries_og_and_twitter_tags(client, roles):
    body = client.get("/roles/ai-engineer/").content.decode()
    assert '<meta property="og:title" content="AI Engineer">' in body
    assert '<meta property="og:description" content="Builds with models.">' in body
    assert '<meta property="og:image" content="http://testserver/og/role/ai-engineer.png">' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body


def test_comparison_page_points_at_its_card(client, roles):
    body = client.get("/compare/ai-engineer-vs-ml-engineer/").content.decode()
    assert '<meta property="og:title" content="AI Engineer vs ML Engineer">' in body
    assert 'content="http://testserver/og/compare/ai-engineer-vs-ml-engineer.png"' in body


@pytest.mark.parametrize(
    "path", ["/og/role/ai-engineer.png", "/og/compare/ai-engineer-vs-ml-engineer.png", "/og/fit/ml-engineer.png"]
)
def test_cards_are_1200_by_630_pngs_for_everyone(client, roles, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_certification_card_shows_the_exam_status(db):
    cert = make_certification(
        name="Old Exam",
        exam_code="OE-1",
        available_from=datetime.date(2024, 1, 1),
        retires_on=datetime.date(2026, 6, 30),
    )
    card = sharecards.certification_card(cert.slug)
    assert card.title == "OE-1: Old Exam"
    assert card.figure == "Retired on 30 June 2026"


@pytest.mark.parametrize(
    "path",
    [
        "/og/role/astronaut.png",
        "/og/compare/ml-engineer-vs-ai-engineer.png",  # not the canonical order
        "/og/compare/ai-engineer.png",
        "/og/compare/ai-engineer-vs-ai-engineer.png",
        "/og/certification/nope.png",
        "/og/profile/ai-engineer.png",
        "/og/role/" + "x" * 400 + ".png",
    ],
)
def test_unknown_cards_are_404(client, roles, path):
    assert client.get(path).status_code == 404


def test_unpublished_roles_have_no_card(client, roles):
    make_role(slug="draft", is_published=False)
    assert client.get("/og/role/draft.png").status_code == 404


def test_cards_are_cached_by_content_and_redrawn_after_an_edit(client, roles, monkeypatch):
    drawn = []
    real_draw = sharecards.draw
    monkeypatch.setattr(sharecards, "draw", lambda card: drawn.append(card) or real_draw(card))
    first = client.get("/og/role/ai-engineer.png")
    client.get("/og/role/ai-engineer.png")
    assert len(drawn) == 1
    roles[0].summary = "Ships AI features."
    roles[0].save()
    second = client.get("/og/role/ai-engineer.png")
    assert len(drawn) == 2
    assert first["ETag"] != second["ETag"]
    assert cache.get(f"share-card:{drawn[1].key()}") == second.content
