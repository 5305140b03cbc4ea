import io

import pytest
from django.apps import apps
from django.core.management import call_command

from roles.models import FAQ, CuratedComparison, DimensionCell, RoadmapStep, Role
from tests.factories import SAMPLE_SLUGS

pytestmark = pytest.mark.django_db


def load():
    out = io.StringIO()
    call_command("load_sample_content", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in apps.get_app_config("roles").get_models()}


def test_loads_five_complete_roles_and_the_featured_comparison():
    load()

    slugs = list(Role.objects.published().values_list("slug", flat=True))
    assert slugs == SAMPLE_SLUGS  # in the sample's display order
    assert sorted(slugs) == [
        "agentic-ai-engineer",
        "ai-engineer",
        "forward-deployed-engineer",
        "genai-developer",
        "ml-engineer",
    ]
    for role in Role.objects.all():
        assert role.summary and role.description and role.optimises_for and role.typical_week
        assert len(role.pick_if_list) >= 3 and role.also_called_list
        assert 5 <= role.roadmap_steps.count() <= 8
        assert 2 <= role.projects.count() <= 3
        assert role.skill_levels.count() == 8
    assert Role.objects.get(slug="genai-developer").parent.slug == "ai-engineer"
    assert Role.objects.get(slug="agentic-ai-engineer").parent.slug == "ai-engineer"
    # Every dimension has a cell for every role.
    assert DimensionCell.objects.count() == 5 * 8
    featured = CuratedComparison.objects.get(is_featured=True)
    assert featured.role_key == "ai-engineer+genai-developer+ml-engineer"
    assert featured.faqs.exists()


def test_running_twice_changes_nothing():
    load()
    before = counts()

    output = load()

    assert counts() == before
    assert "role: 0 created, 5 already there" in output


def test_an_editors_change_survives_a_reload_and_missing_rows_come_back():
    load()
    role = Role.objects.get(slug="ai-engineer")
    role.summary = "Edited by an editor."
    role.is_published = False
    role.save()
    RoadmapStep.objects.filter(role=role, order=1).delete()
    FAQ.objects.filter(comparison__is_featured=True).update(answer="Edited answer.")
    before = counts()

    load()

    role.refresh_from_db()
    assert role.summary == "Edited by an editor."
    assert not role.is_published
    assert RoadmapStep.objects.filter(role=role, order=1).exists()
    assert counts()["RoadmapStep"] == before["RoadmapStep"] + 1
    assert set(FAQ.objects.filter(comparison__is_featured=True).values_list("answer", flat=True)) == {"Edited answer."}


def test_sample_content_pages_all_render(client):
    load()
    paths = ["/", "/roles/", "/compare/", "/sitemap.xml"]
    paths += [role.get_absolute_url() for role in Role.objects.all()]
    paths += [comparison.get_absolute_url() for comparison in CuratedComparison.objects.all()]
    for path in paths:
        assert client.get(path).status_code == 200, path
