import json
import re

import pytest
from django.contrib.auth.models import Permission

from tests.factories import (
    make_project,
    make_roadmap_step,
    make_role,
    make_skill_area,
    make_skill_level,
)

pytestmark = pytest.mark.django_db


def json_ld(response):
    match = re.search(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_role_list_shows_published_roles_with_summary_parent_and_side(client):
    parent = make_role(name="AI Engineer", slug="ai-engineer", spectrum_position=70)
    make_role(name="GenAI Developer", slug="genai-developer", parent=parent, summary="Ships LLM features.")
    make_role(name="ML Engineer", slug="ml-engineer", spectrum_position=10)
    make_role(name="Secret Role", slug="secret-role", is_published=False)

    response = client.get("/roles/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ships LLM features." in html
    assert "A specialism of AI Engineer" in html
    assert "Builds the model" in html and "Builds with the model" in html
    assert 'href="/roles/genai-developer/"' in html
    assert "Secret Role" not in html


def test_role_list_groups_roles_by_side_of_the_split(client):
    make_role(name="Trainer", spectrum_position=5)
    make_role(name="Builder", spectrum_position=90)

    html = client.get("/roles/").content.decode()

    assert html.index("Builder") < html.index('id="model-heading"') < html.index("Trainer")


def test_role_profile_shows_every_part_of_the_profile(client):
    parent = make_role(name="AI Engineer", slug="ai-engineer")
    role = make_role(
        name="Agentic AI Engineer",
        slug="agentic-ai-engineer",
        parent=parent,
        summary="Builds agents that plan and use tools.",
        description="Agents **all week**.",
        optimises_for="- Planning loops",
        typical_week="- **Monday:** traces",
        pick_if="you like orchestration\nyou enjoy debugging runs",
        also_called="AI Agent Engineer\nAgent Developer",
    )
    child = make_role(name="Tiny Agents Specialist", parent=role)
    area = make_skill_area(name="Agent orchestration")
    make_skill_level(role, area, level=5)
    make_roadmap_step(role, order=2, title="Write a loop by hand", duration="1-2 weeks")
    make_roadmap_step(role, order=1, title="Master function calling", duration="2 weeks")
    make_project(role, title="Research agent", difficulty="intermediate", skills=[area])

    response = client.get(role.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Builds agents that plan and use tools.",
        "AI Agent Engineer, Agent Developer",
        "Agents <strong>all week</strong>.",
        "Planning loops",
        "<strong>Monday:</strong> traces",
        "You like orchestration",
        "Research agent",
        "Intermediate",
        "1-2 weeks",
        "1 November 2026",
    ]:
        assert text in html, text
    assert html.index("Master function calling") < html.index("Write a loop by hand")
    assert f'href="{parent.get_absolute_url()}"' in html
    assert f'href="{child.get_absolute_url()}"' in html
    # The skill chart and its text alternative.
    assert 'role="img"' in html and "Agent orchestration: 5." in html
    assert "<td>5 / 5</td>" in html


def test_role_profile_links_to_a_comparison_with_each_other_role(client):
    first = make_role(slug="first", display_order=1)
    second = make_role(slug="second", display_order=2)

    html = client.get(second.get_absolute_url()).content.decode()

    assert 'href="/compare/first-vs-second/"' in html
    assert f'href="/compare/{second.slug}-vs-{second.slug}/"' not in html
    assert first.name in html


def test_role_profile_has_title_description_and_canonical(client):
    role = make_role(name="ML Engineer", slug="ml-engineer", summary="Trains and serves models.")

    html = client.get(role.get_absolute_url()).content.decode()

    assert "<title>ML Engineer: the job, skills and roadmap · AI Career Hub</title>" in html
    assert '<meta name="description" content="Trains and serves models.">' in html
    assert '<link rel="canonical" href="http://testserver/roles/ml-engineer/">' in html


def test_role_profile_carries_occupation_json_ld(client):
    role = make_role(name="ML Engineer", slug="ml-engineer", also_called="MLOps Engineer")
    make_skill_level(role, make_skill_area(name="Maths"), level=5)
    make_skill_level(role, make_skill_area(name="Sales"), level=1)

    data = json_ld(client.get(role.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Occupation"
    assert data["name"] == "ML Engineer"
    assert data["url"] == "http://testserver/roles/ml-engineer/"
    assert data["alternateName"] == ["MLOps Engineer"]
    assert data["skills"] == ["Maths"]


def test_json_ld_cannot_be_broken_out_of_by_editor_text(client):
    summary = "</script><script>alert(1)</script> & more"
    role = make_role(slug="tricky", summary=summary)

    response = client.get(role.get_absolute_url())

    assert b"<script>alert(1)" not in response.content
    assert json_ld(response)["description"] == summary


def test_unknown_role_is_404(client):
    assert client.get("/roles/no-such-role/").status_code == 404


def test_unpublished_role_is_404_for_visitors(client):
    role = make_role(is_published=False)
    assert client.get(role.get_absolute_url()).status_code == 404


def test_unpublished_role_is_404_for_staff_without_view_permission(client, django_user_model):
    role = make_role(is_published=False)
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))
    assert client.get(role.get_absolute_url()).status_code == 404


def test_editor_previews_unpublished_role_with_a_banner(editor_client):
    role = make_role(name="Draft Role", is_published=False)

    response = editor_client.get(role.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published." in html
    assert '<meta name="robots" content="noindex">' in html
    assert f"/admin/roles/role/{role.pk}/change/" in html
    assert "/compare/" + role.slug not in html and "-vs-" + role.slug not in html  # comparisons would 404


def test_published_role_has_no_preview_banner_for_editors(editor_client):
    role = make_role()
    assert b"Preview: not published" not in editor_client.get(role.get_absolute_url()).content


def test_staff_with_only_the_view_permission_can_preview(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_role"))
    client.force_login(user)
    role = make_role(is_published=False)
    assert client.get(role.get_absolute_url()).status_code == 200


def test_unpublished_parent_and_specialisations_are_not_linked(client):
    hidden_parent = make_role(name="Hidden Parent", is_published=False)
    role = make_role(parent=hidden_parent)
    hidden_child = make_role(name="Hidden Child", parent=role, is_published=False)

    html = client.get(role.get_absolute_url()).content.decode()

    assert hidden_parent.get_absolute_url() not in html
    assert "Hidden Child" not in html and hidden_child.get_absolute_url() not in html


@pytest.mark.parametrize("path", ["/", "/roles/", "/roles/first/", "/compare/", "/compare/first-vs-second/"])
def test_pages_answer_head_and_refuse_post(client, path):
    make_role(slug="first")
    make_role(slug="second")
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405
