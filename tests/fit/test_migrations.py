"""The move of the questionnaire from roles to fit keeps every v1 row, result and permission."""

import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from careerhub.permissions import EDITORS_GROUP, grant_editor_permissions

BEFORE = [("roles", "0004_questionnaire_editors"), ("fit", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([target for target in targets if target[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_v1_rows_results_and_permissions_survive_the_move():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        check_the_move(latest)
    finally:
        migrate(latest)  # leave the test database as the other tests expect it


def check_the_move(latest):
    old = migrate(BEFORE)
    Role = old.get_model("roles", "Role")
    Question = old.get_model("roles", "Question")
    Choice = old.get_model("roles", "Choice")
    ChoiceWeight = old.get_model("roles", "ChoiceWeight")
    Result = old.get_model("roles", "Result")
    Group = old.get_model("auth", "Group")
    role = Role.objects.create(
        slug="ml-engineer",
        name="ML Engineer",
        display_order=1,
        spectrum_position=10,
        last_reviewed=datetime.date(2026, 11, 1),
    )
    question = Question.objects.create(text="Which problem would you enjoy?", display_order=1)
    choice = Choice.objects.create(question=question, text="Model accuracy", display_order=1)
    ChoiceWeight.objects.create(choice=choice, role=role, weight=5)
    result_id = uuid.uuid4()
    scores = [{"role_id": role.pk, "slug": "ml-engineer", "name": "ML Engineer", "raw": 5, "max": 5, "score": 100}]
    Result.objects.create(
        id=result_id,
        answers=[{"question": question.text, "choice": choice.text, "weights": {str(role.pk): 5}}],
        scores=scores,
        top_role=role,
        questionnaire_version="abcdef0123456789",
    )
    # As roles 0004 left them (a flushed test database may have lost its rows since).
    grant_editor_permissions(old, "roles", ["question", "choice", "choiceweight"])
    grant_editor_permissions(old, "roles", ["result"], actions=("view",))
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert editors.permissions.filter(content_type__app_label="roles", codename="view_result").exists()

    new = migrate(latest)
    Result = new.get_model("fit", "Result")
    moved = Result.objects.get(pk=result_id)
    assert moved.edition == 1  # marked as taken with the earlier questionnaire
    assert moved.scores == scores
    assert moved.top_role_id == role.pk
    assert moved.questionnaire_version == "abcdef0123456789"
    assert new.get_model("fit", "Question").objects.get().text == "Which problem would you enjoy?"
    assert new.get_model("fit", "ChoiceWeight").objects.get().weight == 5
    ContentType = new.get_model("contenttypes", "ContentType")
    assert not ContentType.objects.filter(app_label="roles", model__in=["question", "result"]).exists()
    editors = new.get_model("auth", "Group").objects.get(name=EDITORS_GROUP)
    codenames = set(editors.permissions.filter(content_type__app_label="fit").values_list("codename", flat=True))
    assert {"view_result", "view_question", "change_item", "change_roletarget", "view_snapshot"} <= codenames
    assert "change_question" not in codenames  # the first questionnaire is read-only now
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "fit_result" in tables and "roles_result" not in tables

    # And back again, without losing the row.
    old = migrate(BEFORE)
    assert old.get_model("roles", "Result").objects.get(pk=result_id).scores == scores
