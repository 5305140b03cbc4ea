"""Editors edit paths in the admin, with history; known steps must belong to the lane's role."""

import pytest

from roles.paths.models import LanePath
from tests.factories import make_roadmap_step, make_role

from .factories import make_background, make_lane

pytestmark = pytest.mark.django_db


@pytest.fixture
def lane(db):
    ai, ml = make_role(name="AI Engineer"), make_role(name="ML Engineer")
    make_roadmap_step(ai, order=1, title="Call a model", hours=10)
    make_roadmap_step(ml, order=1, title="Maths", hours=60)
    return make_lane(make_background(ai, name="Backend developer"), ai)


@pytest.mark.parametrize("model", ["background", "lanepath"])
def test_editors_list_search_add_and_see_history(editor_client, lane, model):
    obj = lane if model == "lanepath" else lane.background
    for path in ["", "?q=backend", "add/", f"{obj.pk}/change/", f"{obj.pk}/history/"]:
        assert editor_client.get(f"/admin/paths/{model}/{path}").status_code == 200, path


def lane_form(lane, steps):
    return {
        "background": lane.background_id,
        "role": lane.role_id,
        "gaps": "- Evals",
        "known_steps": [step.pk for step in steps],
        "carryovers-TOTAL_FORMS": "0",
        "carryovers-INITIAL_FORMS": "0",
    }


def test_known_steps_of_another_lane_are_refused(editor_client, lane):
    from roles.models import RoadmapStep

    maths = RoadmapStep.objects.get(title="Maths")
    response = editor_client.post(f"/admin/paths/lanepath/{lane.pk}/change/", lane_form(lane, [maths]))
    assert response.status_code == 200
    assert "Pick steps of the AI Engineer roadmap only; not: Maths." in response.content.decode()
    assert not LanePath.objects.get().known_steps.exists()


def test_an_editors_change_is_saved_with_history(editor_client, lane):
    from reversion.models import Version

    step = lane.role.roadmap_steps.get()
    response = editor_client.post(f"/admin/paths/lanepath/{lane.pk}/change/", lane_form(lane, [step]))
    assert response.status_code == 302
    assert list(LanePath.objects.get().known_steps.all()) == [step]
    assert Version.objects.get_for_object(lane).exists()
