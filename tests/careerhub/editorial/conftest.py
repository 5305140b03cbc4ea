import pytest

from tests.factories import (
    make_cell,
    make_dimension,
    make_project,
    make_roadmap_step,
    make_role,
    make_skill_area,
    make_skill_level,
)


@pytest.fixture
def role(db):
    role = make_role(
        name="AI Engineer", slug="ai-engineer", summary="Old summary.", description="Builds products on models."
    )
    area = make_skill_area(name="Evaluation")
    make_skill_level(role, area, 4)
    make_cell(make_dimension(name="Tools"), role, "FastAPI")
    make_roadmap_step(role, order=1, title="Learn the API")
    make_project(role, skills=[area], title="A support bot")
    return role


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
