"""The sample paths: every background the issue names, five lanes each, times computed from the roadmaps."""

import pytest

from roles.models import RoadmapStep, Role
from roles.paths.models import Background, LanePath

pytestmark = pytest.mark.django_db

BACKGROUNDS = {
    "backend-developer": "ai-engineer",
    "frontend-developer": "genai-developer",
    "full-stack-developer": "ai-engineer",
    "data-analyst": "ml-engineer",
    "data-scientist": "ml-engineer",
    "devops-sre-platform": "ai-engineer",
    "mobile-developer": "genai-developer",
    "qa-test-engineer": "ai-engineer",
    "student-new-graduate": "ai-engineer",
}


def test_every_background_is_published_with_its_usual_first_lane(sample_content):
    found = dict(Background.objects.published().values_list("slug", "first_lane__slug"))
    assert found == BACKGROUNDS


def test_every_background_covers_every_lane_with_carryover_gaps_and_steps_of_that_lane(sample_content):
    roles = set(Role.objects.published().values_list("slug", flat=True))
    for background in Background.objects.with_lanes():
        assert {lane.role.slug for lane in background.lanes.all()} == roles, background
        for lane in background.lanes.all():
            assert lane.carryovers.all() and lane.gaps.strip(), lane
            assert all(step.role_id == lane.role_id for step in lane.known_steps.all()), lane


def test_path_pages_show_months_computed_from_the_roadmap_hours(client, sample_content):
    lane = LanePath.objects.get(background__slug="data-scientist", role__slug="ml-engineer")
    estimate = lane.estimate()
    # Maths, classical ML and pipelines (60 + 50 + 30 hours) are known: 130 of 270 hours left.
    assert (estimate.total_hours, estimate.hours_left) == (270, 130)
    assert estimate.paces == [(5, 6), (10, 3)]
    body = client.get("/paths/data-scientist/").content.decode()
    assert "About <strong>130</strong> of the roadmap’s 270 <strong>hours</strong>" in body


def test_loading_twice_keeps_editors_changes(sample_content):
    from django.core.management import call_command

    Background.objects.filter(slug="data-analyst").update(summary="Edited by an editor.")
    call_command("load_sample_content", stdout=__import__("io").StringIO())
    assert Background.objects.get(slug="data-analyst").summary == "Edited by an editor."
    assert Background.objects.count() == len(BACKGROUNDS)


def weeks(duration):
    """A roadmap step's duration text ("1 week", "2-3 weeks", "3-5 days") as (fewest, most) weeks."""
    amount, unit = duration.split()
    low, _, high = amount.partition("-")
    per_week = 5 if unit.startswith("day") else 1  # a working week of study days
    return int(low) / per_week, int(high or low) / per_week


def test_every_roadmap_step_has_hours_that_match_its_duration_at_10_hours_a_week(sample_content):
    # Paths and plans add up hours; role pages show durations: both must tell the same story.
    for step in RoadmapStep.objects.select_related("role"):
        low, high = weeks(step.duration)
        assert step.hours and low - 0.5 <= step.hours / 10 <= high + 0.5, step
