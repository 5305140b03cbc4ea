import re

import pytest

from tests.factories import (
    CURATED_TRIO_PATH,
    SAMPLE_SLUGS,
    compare_path,
    make_cell,
    make_curated_comparison,
    make_dimension,
    make_faq,
    make_role,
    make_skill_area,
    make_skill_level,
)

pytestmark = pytest.mark.django_db


def ticked(html):
    """The values of the ticked role checkboxes on a page."""
    return {
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r'<input type="checkbox" name="roles"[^>]*>', html)
        if " checked" in tag
    }


@pytest.fixture
def trio(db):
    """Three roles in display order: AI Engineer, ML Engineer, GenAI Developer (a specialisation)."""
    ai = make_role(name="AI Engineer", slug="ai-engineer", display_order=1, spectrum_position=70)
    ml = make_role(name="ML Engineer", slug="ml-engineer", display_order=2, spectrum_position=10)
    genai = make_role(name="GenAI Developer", slug="genai-developer", display_order=3, spectrum_position=75, parent=ai)
    return ai, ml, genai


# --- The pick form -------------------------------------------------------------------


def test_pick_form_lists_published_roles_as_checkboxes(client, trio):
    make_role(name="Hidden", slug="hidden", is_published=False)

    response = client.get("/compare/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="checkbox" name="roles"') == 3
    assert 'value="ml-engineer"' in html and "Hidden" not in html
    assert 'method="get"' in html


def test_pick_form_redirects_to_the_canonical_comparison(client, trio):
    response = client.get("/compare/", {"roles": ["genai-developer", "ai-engineer"]})

    assert response.status_code == 302
    assert response.url == "/compare/ai-engineer-vs-genai-developer/"


def test_pick_form_counts_a_repeated_role_once(client, trio):
    response = client.get("/compare/", {"roles": ["ml-engineer", "ml-engineer", "ai-engineer"]})
    assert response.url == "/compare/ai-engineer-vs-ml-engineer/"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"submitted": "1"}, "Tick at least 2 roles to compare."),
        ({"roles": ["ai-engineer"]}, "Tick at least 2 roles to compare."),
        ({"roles": ["ai-engineer", "ai-engineer"]}, "Tick at least 2 roles to compare."),
        ({"roles": ["ai-engineer", "no-such-role"]}, "“no-such-role” is not one of our roles."),
        ({"roles": ["ai-engineer", "Bad Value!"]}, "“Bad Value!” is not one of our roles."),
        ({"roles": ["ai-engineer", "nul\x00byte"]}, "is not one of our roles."),
        ({"roles": ["ai-engineer", "x" * 5000]}, "is not one of our roles."),
        ({"roles": [f"role-{n}" for n in range(6)]}, "You can compare at most 5 roles at once; you ticked 6."),
    ],
)
def test_pick_form_answers_bad_input_with_400_and_a_clear_error(client, trio, params, message):
    response = client.get("/compare/", params)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert "x" * 100 not in html  # over-long values are cut short in the message


def test_pick_form_keeps_the_ticked_roles_after_an_error(client, trio):
    html = client.get("/compare/", {"roles": ["ml-engineer"]}).content.decode()
    assert ticked(html) == {"ml-engineer"}
    assert 'aria-invalid="true"' in html


def test_unpublished_role_cannot_be_picked(client, trio):
    make_role(slug="hidden", is_published=False)
    response = client.get("/compare/", {"roles": ["ai-engineer", "hidden"]})
    assert response.status_code == 400


def test_pick_page_ignores_unrelated_query_parameters(client, trio):
    response = client.get("/compare/", {"utm_source": "newsletter"})
    assert response.status_code == 200
    assert b'role="alert"' not in response.content


def test_pick_page_lists_curated_comparisons_whose_roles_are_published(client, trio):
    ai, ml, genai = trio
    make_curated_comparison([ai, ml], title="AI or ML?")
    hidden = make_role(slug="hidden", is_published=False)
    make_curated_comparison([ai, hidden], title="Not ready yet")

    html = client.get("/compare/").content.decode()

    assert 'href="/compare/ai-engineer-vs-ml-engineer/">AI or ML?</a>' in html
    assert "Not ready yet" not in html


# --- The comparison page -------------------------------------------------------------


def test_generated_comparison_is_a_complete_page(client, trio):
    ai, ml, genai = trio
    tools = make_dimension(name="Typical tools", help_text="Tools you will meet.")
    make_cell(tools, ai, "FastAPI & pgvector")
    make_cell(tools, ml, "PyTorch")
    area = make_skill_area(name="Maths & statistics")
    make_skill_level(ai, area, 2)
    make_skill_level(ml, area, 5)

    response = client.get("/compare/ai-engineer-vs-ml-engineer/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="page-title">AI Engineer vs ML Engineer</h1>' in html
    assert "<title>AI Engineer vs ML Engineer: how they differ and how to choose · AI Career Hub</title>" in html
    assert '<link rel="canonical" href="http://testserver/compare/ai-engineer-vs-ml-engineer/">' in html
    # Quick answer generated from the summaries and the split.
    assert f"<strong>AI Engineer:</strong> {ai.summary}" in html
    assert "The dividing line: ML Engineer builds the model; AI Engineer builds with it." in html
    # The table: each cell names its role for the stacked phone layout; text is escaped.
    assert '<td data-role="AI Engineer">FastAPI &amp; pgvector</td>' in html
    assert '<td data-role="ML Engineer">PyTorch</td>' in html
    assert "Tools you will meet." in html
    # One overlaid chart with a legend and a text alternative.
    assert html.count('<svg class="skill-chart"') == 1
    assert 'class="chart-legend' in html
    assert "Maths &amp; statistics: AI Engineer 2, ML Engineer 5." in html
    # Pick-if per role and links to each profile.
    assert "Pick AI Engineer if…" in html and "Pick ML Engineer if…" in html
    assert 'href="/roles/ai-engineer/"' in html and 'href="/roles/ml-engineer/"' in html
    # No curated text.
    assert "How to decide" not in html


def test_missing_cell_is_marked_not_written(client, trio):
    ai, ml, genai = trio
    make_cell(make_dimension(name="Tools"), ai, "FastAPI")

    html = client.get("/compare/ai-engineer-vs-ml-engineer/").content.decode()

    assert '<td data-role="ML Engineer"><span class="text-body-secondary">Not written yet.</span></td>' in html


def test_comparison_mentions_a_specialisation(client, trio):
    html = client.get("/compare/ai-engineer-vs-genai-developer/").content.decode()
    assert "GenAI Developer is a specialism of AI Engineer" in html
    assert "All of these roles build with existing models" in html


def test_two_specialisms_of_one_role_share_one_sentence(client, trio):
    ai = trio[0]
    make_role(slug="agentic", name="Agentic", parent=ai, display_order=4)
    html = client.get("/compare/agentic-vs-ai-engineer-vs-genai-developer/", follow=True).content.decode()
    assert html.count("a narrower focus") == 1
    assert "GenAI Developer and Agentic are specialisms of AI Engineer" in html


def test_curated_comparison_adds_its_editorial_text(client, trio):
    ai, ml, genai = trio
    curated = make_curated_comparison(
        [genai, ml, ai], title="Three lanes", quick_answer="Curated **quick** answer.", how_to_decide="Decide *well*."
    )
    make_faq(curated, question="Second question?", display_order=2)
    make_faq(curated, question="First question?", answer="Yes, **really**.", display_order=1)

    html = client.get(CURATED_TRIO_PATH).content.decode()

    assert '<p class="eyebrow">Three lanes</p>' in html
    assert "Curated <strong>quick</strong> answer." in html
    assert "Decide <em>well</em>." in html
    assert "Yes, <strong>really</strong>." in html
    assert html.index("First question?") < html.index("Second question?")
    assert "The dividing line" not in html


def test_curated_text_belongs_to_its_exact_set_of_roles(client, trio):
    ai, ml, genai = trio
    make_curated_comparison([ai, ml, genai], quick_answer="Only for the three.")
    assert b"Only for the three." not in client.get("/compare/ai-engineer-vs-ml-engineer/").content


def test_curated_text_survives_a_slug_change(client, trio):
    ai, ml, genai = trio
    make_curated_comparison([ai, ml], quick_answer="Still here.")
    ml.slug = "machine-learning-engineer"
    ml.save()

    html = client.get("/compare/ai-engineer-vs-machine-learning-engineer/").content.decode()

    assert "Still here." in html


def test_unpublished_curated_comparison_is_not_shown(client, trio):
    ai, ml, genai = trio
    make_curated_comparison([ai, ml], quick_answer="Draft text.", is_published=False)
    assert b"Draft text." not in client.get("/compare/ai-engineer-vs-ml-engineer/").content


def test_comparison_has_a_form_to_change_it_with_current_roles_ticked(client, trio):
    html = client.get("/compare/ai-engineer-vs-ml-engineer/").content.decode()
    assert ticked(html) == {"ai-engineer", "ml-engineer"}


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/compare/ml-engineer-vs-ai-engineer/", "/compare/ai-engineer-vs-ml-engineer/"),
        (
            compare_path(*reversed(SAMPLE_SLUGS[:3])),
            CURATED_TRIO_PATH,
        ),
        ("/compare/ai-engineer-vs-ml-engineer-vs-ai-engineer/", "/compare/ai-engineer-vs-ml-engineer/"),
        ("/compare/ml-engineer-vs-ml-engineer-vs-ai-engineer/", "/compare/ai-engineer-vs-ml-engineer/"),
        ("/compare/AI-Engineer-vs-ML-Engineer/", "/compare/ai-engineer-vs-ml-engineer/"),
    ],
)
def test_non_canonical_comparison_urls_redirect_permanently(client, trio, path, canonical):
    response = client.get(path)
    assert response.status_code == 301
    assert response.url == canonical


def test_canonical_order_follows_display_order(client, trio):
    ai, ml, genai = trio
    ai.display_order = 9
    ai.save()
    response = client.get("/compare/ai-engineer-vs-ml-engineer/")
    assert response.url == "/compare/ml-engineer-vs-ai-engineer/"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/compare/ai-engineer-vs-no-such-role/", "We have no role called “no-such-role”."),
        ("/compare/ai-engineer/", "AI Engineer on its own is not a comparison"),
        ("/compare/ai-engineer-vs-ai-engineer/", "AI Engineer on its own is not a comparison"),
        ("/compare/a-vs-b-vs-c-vs-d-vs-e-vs-f/", "A comparison can hold at most 5 roles; that address lists 6."),
        ("/compare/-vs-/", "Part of that address is missing a role name."),
        ("/compare/ai-engineer-vs-ml-engineer-vs-/", "Part of that address is missing a role name."),
        ("/compare/vs/", "We have no role called “vs”."),
        ("/compare/%C3%A9t%C3%A9-vs-ai-engineer/", "We have no role called “été”."),
        ("/compare/ai-engineer-vs-%00/", "We have no role called “?”."),
        ("/compare/ai-engineer-vs-%3Cscript%3E/", "We have no role called “&lt;script&gt;”."),
        ("/compare/" + "x" * 3000 + "-vs-ai-engineer/", "We have no role called “xxxxxxxxx"),
        ("/compare/" + "-vs-".join(["ai-engineer"] * 500) + "/", "AI Engineer on its own is not a comparison"),
        ("/compare/" + "-vs-".join(f"r{n}" for n in range(400)) + "/", "that address lists 400"),
    ],
)
def test_impossible_comparisons_get_a_helpful_404(client, trio, path, message):
    response = client.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    assert message in html
    assert "We can’t build that comparison" in html
    assert html.count('type="checkbox" name="roles"') == 3  # the pick form, to try again
    assert '<meta name="robots" content="noindex">' in html
    assert "x" * 100 not in html


def test_unpublished_role_cannot_be_compared(client, trio):
    make_role(slug="hidden", is_published=False)
    assert client.get("/compare/ai-engineer-vs-hidden/").status_code == 404


def test_404_pick_form_keeps_the_known_roles_ticked(client, trio):
    html = client.get("/compare/ml-engineer-vs-nope/").content.decode()
    assert ticked(html) == {"ml-engineer"}


def test_five_roles_compare_in_a_heat_map_with_a_short_title_and_distinct_colours(client, trio):
    make_role(slug="fourth", display_order=4)
    make_role(slug="fifth", display_order=5)
    response = client.get(compare_path(*SAMPLE_SLUGS[:3], "fourth", "fifth"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="page-title">Five AI roles compared</h1>' in html
    assert 'style="--heat-columns: 5"' in html and '<svg class="skill-chart"' not in html
    assert html.count('class="heat-head"') == 5
    for series in range(1, 6):
        assert f"series-border-{series}" in html
