"""Paths from today's job: which lane first, what carries over, the gaps, and months at 5 and 10 hours a week."""

import pytest
from django.test import Client
from django.urls import reverse

from roles.paths.models import months
from roles.plan.models import Plan, PlanStep
from tests.factories import make_roadmap_step, make_role, make_skill_area

from .factories import make_background, make_lane

pytestmark = pytest.mark.django_db


@pytest.fixture
def lanes(db):
    """A backend background with two lanes; AI Engineer (100 hours) has its first two steps known."""
    ai = make_role(name="AI Engineer", slug="ai-engineer")
    ml = make_role(name="ML Engineer", slug="ml-engineer")
    steps = [
        make_roadmap_step(ai, order=n, title=f"AI step {n}", hours=hours) for n, hours in enumerate([10, 20, 30, 40], 1)
    ]
    make_roadmap_step(ml, order=1, title="Maths", hours=60)
    make_roadmap_step(ml, order=2, title="Training", hours=None)
    area = make_skill_area(name="Software engineering & APIs")
    backend = make_background(ml, name="Backend developer", slug="backend-developer")
    backend.first_lane = ai
    backend.save()
    make_lane(backend, ai, known=steps[:2], carries={area: "Retries and timeouts carry over."}, gaps="- Evals first")
    make_lane(backend, ml)
    return {"background": backend, "ai": ai, "ml": ml, "steps": steps}


@pytest.mark.parametrize(
    ("hours", "per_week", "expected"),
    [(0, 5, 0), (1, 10, 0.5), (96, 5, 4.5), (96, 10, 2), (270, 5, 12.5), (270, 10, 6)],
)
def test_months_round_to_the_nearest_half_and_never_show_zero_for_work_left(hours, per_week, expected):
    assert months(hours, per_week) == expected


def test_list_shows_published_backgrounds_with_the_lane_that_usually_suits_first(client, lanes):
    make_background(lanes["ml"], name="Hidden background", is_published=False)
    body = client.get(reverse("paths:list")).content.decode()
    assert "Backend developer" in body and "Usually first:</span> <strong>AI Engineer</strong>" in body
    assert "Hidden background" not in body


def test_path_page_shows_each_lane_with_carryover_gaps_known_steps_and_months(client, lanes):
    response = client.get("/paths/backend-developer/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Usually first: AI Engineer" in body
    # 100 hours minus the 30 known: 70 hours, 3.2 months at 5 a week and 1.6 at 10, to the nearest half.
    assert "About <strong>70</strong> of the roadmap’s 100 <strong>hours</strong>" in body
    assert "<strong>3 months</strong> at 5 hours a week, or <strong>1.5 months</strong> at 10 hours a week." in body
    assert "Software engineering &amp; APIs" in body and "Retries and timeouts carry over." in body
    assert "<li>Evals first</li>" in body
    assert 'href="/roles/ai-engineer/#step-1">AI step 1</a>' in body and "#step-3" not in body
    # ML Engineer: nothing known, one step without an estimate is said to be left out.
    assert "The whole roadmap, about <strong>60 hours</strong>" in body
    assert "1 step has no hour estimate yet and is not counted." in body
    # The first lane comes first whatever the display order.
    assert body.index('id="lane-ai-engineer"') < body.index('id="lane-ml-engineer"')


def test_lanes_of_unpublished_roles_are_left_out(client, lanes):
    lanes["ml"].is_published = False
    lanes["ml"].save()
    body = client.get("/paths/backend-developer/").content.decode()
    assert 'id="lane-ml-engineer"' not in body and 'id="lane-ai-engineer"' in body


@pytest.mark.parametrize("path", ["/paths/nobody/", "/paths/hidden/", "/paths/Backend-Developer/"])
def test_unknown_or_unpublished_backgrounds_are_404(client, lanes, path):
    make_background(lanes["ai"], slug="hidden", is_published=False)
    assert client.get(path).status_code == 404


def test_editors_preview_an_unpublished_path(editor_client, lanes):
    make_background(lanes["ai"], slug="hidden", is_published=False)
    response = editor_client.get("/paths/hidden/")
    assert response.status_code == 200 and "Preview: not published." in response.content.decode()


def test_start_a_plan_from_a_path_marks_the_known_steps(client, lanes):
    response = client.post(reverse("plan:start"), {"role": "ai-engineer", "background": "backend-developer"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    marked = {step.step.title: step.status for step in plan.steps.select_related("step")}
    assert marked == {"AI step 1": PlanStep.Status.KNOWN, "AI step 2": PlanStep.Status.KNOWN}
    body = client.get(plan.get_absolute_url()).content.decode()
    assert "2 of 4 steps done" in body and "About <strong>70 hours</strong> left" in body


def test_a_path_marks_nothing_in_a_lane_where_it_knows_nothing(client, lanes):
    client.post(reverse("plan:start"), {"role": "ml-engineer", "background": "backend-developer"})
    assert not PlanStep.objects.exists()


def test_starting_a_plan_with_an_unknown_background_answers_400_with_a_message(client, lanes):
    response = client.post(reverse("plan:start"), {"role": "ai-engineer", "background": "astronaut"})
    assert response.status_code == 400
    assert "We have no published path by that name" in response.content.decode()
    assert not Plan.objects.exists()


def test_path_page_has_a_start_a_plan_form_per_lane(client, lanes):
    body = client.get("/paths/backend-developer/").content.decode()
    assert body.count('name="background" value="backend-developer"') == 2
    assert 'name="role" value="ai-engineer"' in body


def test_path_pages_are_cacheable_like_other_public_pages(lanes, django_assert_num_queries):
    for path in ["/paths/", "/paths/backend-developer/"]:
        first = Client().get(path)
        with django_assert_num_queries(0):
            second = Client().get(path)
        assert first.content == second.content and second.cookies == {}
        assert set(second["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=5"}
        assert second["ETag"] == first["ETag"]
