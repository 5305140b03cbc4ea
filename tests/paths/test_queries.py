"""Path pages run a fixed number of queries, whatever the amount of content (pinned at 10x)."""

import pytest

from roles.models import RoadmapStep
from tests.factories import make_role, make_skill_area

from .factories import make_background, make_lane

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[1, 10], ids=["1x", "10x"])
def backgrounds(request):
    """Nine backgrounds over five lanes at 1x; at 10x, ten times the backgrounds, lanes, steps and carryovers."""
    scale = request.param
    roles = [make_role() for _ in range(5 * scale)]
    RoadmapStep.objects.bulk_create(
        RoadmapStep(role=role, order=order, title=f"Step {order}", body="Learn.", hours=10)
        for role in roles
        for order in range(1, 7)
    )
    areas = [make_skill_area() for _ in range(2 * scale)]
    made = [make_background(roles[0]) for _ in range(9 * scale)]
    for role in roles:  # the first background's page draws every lane
        make_lane(made[0], role, known=list(role.roadmap_steps.all()[:2]), carries=dict.fromkeys(areas, "Carries."))
    return made


def test_path_list(client, backgrounds, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/paths/")
    assert response.content.decode().count('class="role-row card-role') == len(backgrounds)


def test_path_page(client, backgrounds, django_assert_num_queries):
    # Background with its first lane; lanes with role and interview guide; carryovers with skill
    # areas; known steps; each lane's roadmap steps.
    with django_assert_num_queries(5):
        response = client.get(backgrounds[0].get_absolute_url())
    assert response.status_code == 200
