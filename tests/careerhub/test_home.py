import re

import pytest

from tests.factories import make_curated_comparison, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    ai = make_role(name="AI Engineer", slug="ai-engineer", spectrum_position=70, summary="Builds on models.")
    ml = make_role(name="ML Engineer", slug="ml-engineer", spectrum_position=10, summary="Trains models.")
    genai = make_role(name="GenAI Developer", slug="genai-developer", spectrum_position=75, parent=ai)
    return ai, ml, genai


def test_hub_shows_each_published_role_as_a_card(client, roles):
    make_role(name="Draft Role", is_published=False)

    html = client.get("/").content.decode()

    assert html.count('class="card h-100 card-role') == 3
    assert 'href="/roles/ml-engineer/">ML Engineer</a>' in html
    assert "Trains models." in html
    assert "A specialism of AI Engineer" in html
    assert "Draft Role" not in html


def test_hub_draws_the_spectrum_with_a_text_alternative(client, roles):
    html = client.get("/").content.decode()

    svgs = re.findall(r'<svg class="spectrum-svg[^"]*"[^>]*role="img"', html)
    assert len(svgs) == 1  # desktop; narrower screens get one row per role
    rows = re.findall(r'class="spectrum-strip-name">([^<]+)<', html)
    assert rows == ["ML Engineer", "AI Engineer", "GenAI Developer"]
    assert "ML Engineer 10, AI Engineer 70, GenAI Developer 75." in html
    assert "Builds the model, or builds with the model?" in html


def test_hub_features_the_featured_comparison(client, roles):
    ai, ml, genai = roles
    make_curated_comparison([ai, ml], title="AI or ML?", quick_answer="**Short** answer.", is_featured=True)

    html = client.get("/").content.decode()

    assert "AI or ML?" in html
    assert "<strong>Short</strong> answer." in html
    assert 'href="/compare/ai-engineer-vs-ml-engineer/"' in html


def test_hub_hides_a_featured_comparison_with_an_unpublished_role(client, roles):
    ai, ml, genai = roles
    make_curated_comparison([ai, ml], title="AI or ML?", is_featured=True)
    ml.is_published = False
    ml.save()

    assert b"AI or ML?" not in client.get("/").content


def test_hub_calls_to_action_for_the_questionnaire_and_newsletter(client, roles):
    html = client.get("/").content.decode()
    assert 'href="/fit/">Find your fit</a>' in html
    assert 'href="/newsletter/"' in html


def test_hub_works_with_no_content(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"spectrum-svg" not in response.content


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "<title>AI Career Hub: find the AI role that fits how you like to work</title>"),
        ("/roles/", "<title>AI roles explained: profiles, skills and roadmaps · AI Career Hub</title>"),
        ("/roles/ai-engineer/", "<title>AI Engineer: the job, skills and roadmap · AI Career Hub</title>"),
        ("/compare/", "<title>Compare AI roles side by side · AI Career Hub</title>"),
        (
            "/compare/ai-engineer-vs-ml-engineer/",
            "<title>AI Engineer vs ML Engineer: how they differ and how to choose · AI Career Hub</title>",
        ),
    ],
)
def test_every_page_has_title_meta_description_and_canonical(client, roles, path, title):
    html = client.get(path).content.decode()

    assert title in html
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert len(description) >= 15
    assert f'<link rel="canonical" href="http://testserver{path}">' in html


def test_sitemap_lists_published_pages_and_live_curated_comparisons(client, roles):
    ai, ml, genai = roles
    make_curated_comparison([ai, ml])
    hidden = make_role(slug="hidden-role", is_published=False)
    make_curated_comparison([ai, hidden])

    body = client.get("/sitemap.xml").content.decode()

    for path in ["/", "/roles/", "/compare/", "/roles/ai-engineer/", "/roles/genai-developer/"]:
        assert f"<loc>http://testserver{path}</loc>" in body
    assert "<loc>http://testserver/compare/ai-engineer-vs-ml-engineer/</loc>" in body
    assert "hidden-role" not in body
