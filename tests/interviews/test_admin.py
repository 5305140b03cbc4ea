"""Editors edit interview guides and questions in the admin, with history."""

import pytest

from tests.factories import make_role, make_skill_area

from .factories import make_guide, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    return make_question(make_guide(make_role(name="AI Engineer")), make_skill_area(), question="What is RAG?")


@pytest.mark.parametrize("model", ["interviewguide", "interviewquestion"])
def test_editors_list_search_add_and_see_history(editor_client, question, model):
    obj = question if model == "interviewquestion" else question.guide
    for path in ["", "?q=rag", "add/", f"{obj.pk}/change/", f"{obj.pk}/history/"]:
        assert editor_client.get(f"/admin/interviews/{model}/{path}").status_code == 200, path


def test_a_question_with_two_points_is_refused_in_the_admin(editor_client, question):
    data = {
        "guide": question.guide_id,
        "order": question.order,
        "level": "senior",
        "skill_area": question.skill_area_id,
        "question": "What is RAG?",
        "strong_answer": "Retrieval\nGeneration",
        "common_mistake": "Skipping evals.",
    }
    response = editor_client.post(f"/admin/interviews/interviewquestion/{question.pk}/change/", data)
    assert response.status_code == 200 and "Write 3 to 5 points, one a line (2 now)." in response.content.decode()
    data["strong_answer"] += "\nCitations"
    assert editor_client.post(f"/admin/interviews/interviewquestion/{question.pk}/change/", data).status_code == 302
