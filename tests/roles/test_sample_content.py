import datetime
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from careerhub.core import content
from roles import sample_content
from roles.models import FAQ, CuratedComparison, DimensionCell, RoadmapStep, Role
from tests.factories import SAMPLE_SLUGS

pytestmark = pytest.mark.django_db


def load():
    out = io.StringIO()
    call_command("load_sample_content", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in apps.get_app_config("roles").get_models()}


def test_loads_five_complete_roles_and_the_featured_comparison(sample_content):

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


def test_running_twice_changes_nothing(sample_content):
    before = counts()

    output = load()

    assert counts() == before
    assert "role: 0 created, 5 already there" in output


def test_an_editors_change_survives_a_reload_and_missing_rows_come_back(sample_content):
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


def test_sample_content_pages_all_render(client, sample_content):
    paths = ["/", "/roles/", "/compare/", "/sitemap.xml"]
    paths += [role.get_absolute_url() for role in Role.objects.all()]
    paths += [comparison.get_absolute_url() for comparison in CuratedComparison.objects.all()]
    for path in paths:
        assert client.get(path).status_code == 200, path


# Content files: every app's TOML parses, and the words follow the brief's editorial rules.

CONTENT_FILES = sorted(Path(settings.BASE_DIR).glob("*/content/**/*.toml")) + sorted(
    Path(settings.BASE_DIR).glob("*/*/content/**/*.toml")
)
# American spellings and claims without a figure behind them that crept into the first version.
BANNED = [
    r"\b\w+iz(e|es|ed|ing|ation|er)\b",
    r"\bbehavior",
    r"\bmodeling\b",
    r"\blabeling\b",
    r"\btoward\b",
    r"\bjudgment\b",
    r"credible signal",
    r"quick to prepare",
    r"no other exam",
    r"far more weight",
    r"research notes",
    r"read by our editors",
    r"high trust",
]
# Words that legitimately end in -ize and similar (none so far); extend with care.
ALLOWED = {"size", "sizes", "prize", "seize"}


def test_there_are_content_files_for_roles_and_certifications():
    apps_with_content = {path.relative_to(settings.BASE_DIR).parts[0] for path in CONTENT_FILES}
    assert {"roles", "certifications"} <= apps_with_content
    assert not Path(settings.BASE_DIR, "roles", "sample_data.py").exists()


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_every_content_file_parses(path):
    assert content.parse(path)


@pytest.mark.parametrize(
    "path",
    [
        path
        for app in ("roles", "certifications")
        for path in sorted(Path(settings.BASE_DIR, app, "content").rglob("*.toml"))
    ],
    ids=lambda path: str(path.relative_to(settings.BASE_DIR)),
)
def test_content_follows_the_editorial_rules(path):
    # Quotations are copied from the source pages for editors, letter for letter: they keep the page's spelling.
    text = re.sub(r'quotation = "(?:[^"\\]|\\.)*"', "", path.read_text())
    for pattern in BANNED:
        found = [m.group(0) for m in re.finditer(pattern, text, re.I) if m.group(0).lower() not in ALLOWED]
        assert not found, (pattern, found)


# Every key roles/sample_content.py reads from a role file; "parent" is optional.
ROLE_KEYS = {
    "slug",
    "name",
    "summary",
    "also_called",
    "spectrum_position",
    "pick_if",
    "description",
    "optimises_for",
    "typical_week",
    "skill_levels",
    "roadmap",
    "projects",
}


def test_no_spectrum_block_and_no_stray_keys():
    for path in Path(settings.BASE_DIR, "roles", "content").rglob("*.toml"):
        text = path.read_text()
        assert "SPECTRUM" not in text and "[spectrum]" not in text
    for role in content.read_all(sample_content.__file__, "roles"):
        # A key the loader does not read (a misspelt or renamed field) would be dropped silently.
        assert ROLE_KEYS <= role.keys() <= ROLE_KEYS | {"parent"}, role["slug"]


def test_typical_weeks_show_how_time_splits_not_one_task_per_weekday():
    for path in Path(settings.BASE_DIR, "roles", "content", "roles").glob("*.toml"):
        week = content.parse(path)["typical_week"]
        assert "Monday" not in week and "Friday" not in week, path.name
        assert week.count("- **") >= 3, path.name


def test_a_curated_comparison_includes_the_forward_deployed_engineer(sample_content):
    assert CuratedComparison.objects.filter(roles__slug="forward-deployed-engineer").exists()


def test_compare_page_has_a_guide_to_all_five_lanes(client, sample_content):
    body = client.get("/compare/").content.decode()
    guide = body[body.index('id="lanes-heading"') :]
    for role in Role.objects.published():
        assert f'look at <a class="fw-semibold" href="{role.get_absolute_url()}">{role.name}</a>' in guide


def test_every_roadmap_step_says_what_it_covers_when_it_is_done_and_where_to_learn_it(sample_content):
    for step in RoadmapStep.objects.prefetch_related("resources"):
        assert len(step.covers_list) >= 3, step
        assert len(step.done_when_list) >= 3, step
        resources = list(step.resources.all())
        assert 2 <= len(resources) <= 4, step
        assert len({resource.url for resource in resources}) == len(resources), step
        for resource in resources:
            # Checked addresses only: https, a dated check and the title the page had then.
            assert resource.url.startswith("https://") and resource.host, resource
            assert resource.page_title and resource.checked_on == datetime.date(2026, 12, 4), resource
            assert resource.kind in {"docs", "course", "guide"}, resource
