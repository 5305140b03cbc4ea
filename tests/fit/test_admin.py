"""Editors: the question page with its choice × role weight grid, validation, results and statistics."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from roles import fit_services as services
from roles.fit_models import Choice, ChoiceWeight, Question, Result
from roles.models import Role
from tests.factories import make_role
from tests.fit.factories import make_choice, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    return [make_role(name=name, display_order=order) for order, name in enumerate(["Alpha", "Beta", "Gamma"])]


@pytest.fixture
def questionnaire(roles):
    """Eight questions; only the first question's last answer points to Gamma."""
    alpha, beta, gamma = roles
    questions = []
    for index in range(8):
        question = make_question(text=f"Question {index}?")
        make_choice(question, {alpha: 4}, text=f"Alpha answer {index}")
        make_choice(question, {beta: 4}, text=f"Beta answer {index}")
        make_choice(question, {gamma: 3} if index == 0 else {alpha: 1, beta: 1}, text=f"Mixed answer {index}")
        questions.append(question)
    assert services.questionnaire_problems() == []
    return questions


def change_data(question, roles, weights=None, delete=(), **question_fields):
    """The question page's POST data; ``weights`` maps choice index -> {role: weight}."""
    choices = list(question.choices.order_by("display_order", "pk"))
    data = {
        "text": question.text,
        "help_text": question.help_text,
        "display_order": question.display_order,
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 3,
        "choices-MAX_NUM_FORMS": 5,
    }
    if question_fields.pop("is_published", question.is_published):
        data["is_published"] = "on"
    data.update(question_fields)
    for index, choice in enumerate(choices):
        current = choice.weight_map()
        new = (weights or {}).get(index, {})
        data.update({f"choices-{index}-id": choice.pk, f"choices-{index}-question": question.pk})
        data.update({f"choices-{index}-text": choice.text, f"choices-{index}-display_order": choice.display_order})
        for role in roles:
            data[f"choices-{index}-weight_{role.pk}"] = new.get(role, current.get(role.pk, 0))
        if index in delete:
            data[f"choices-{index}-DELETE"] = "on"
    return data


def url(question):
    return f"/admin/roles/question/{question.pk}/change/"


def test_editors_have_the_questionnaire_permissions(editor):
    perms = editor.get_all_permissions()
    for model in ["question", "choice", "choiceweight"]:
        assert {f"roles.{action}_{model}" for action in ["add", "change", "delete", "view"]} <= perms
    assert "roles.view_result" in perms
    assert not {"roles.add_result", "roles.change_result", "roles.delete_result"} & perms
    assert Group.objects.get(name="Editors").permissions.filter(codename="view_result").exists()


def test_question_page_shows_a_weight_grid_with_one_column_per_role(editor_client, questionnaire, roles):
    question = questionnaire[0]
    response = editor_client.get(url(question))
    assert response.status_code == 200
    html = response.content.decode()
    for index, choice in enumerate(question.choices.order_by("display_order")):
        for role in roles:
            weight = choice.weight_map().get(role.pk, 0)
            assert f'name="choices-{index}-weight_{role.pk}" value="{weight}"' in html
    for role in roles:
        assert f'<th class="column-weight_{role.pk}' in html or f">{role.name}" in html


def test_editor_changes_weights_through_the_grid(editor_client, questionnaire, roles):
    alpha, beta, gamma = roles
    question = questionnaire[1]
    data = change_data(question, roles, weights={0: {alpha: 5, beta: 2}, 2: {alpha: 0, beta: 0, gamma: 1}})
    response = editor_client.post(url(question), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    first, _, third = question.choices.order_by("display_order")
    assert first.weight_map() == {alpha.pk: 5, beta.pk: 2}
    assert third.weight_map() == {gamma.pk: 1}  # zero weights are not stored
    assert not ChoiceWeight.objects.filter(choice=third, weight=0).exists()


def test_a_blank_weight_means_zero(editor_client, questionnaire, roles):
    alpha, beta, _ = roles
    question = questionnaire[1]
    data = change_data(question, roles, weights={2: {alpha: "", beta: 2}})
    assert editor_client.post(url(question), data).status_code == 302
    assert question.choices.order_by("display_order")[2].weight_map() == {beta.pk: 2}


def test_unpublished_roles_are_marked_in_the_grid(editor_client, questionnaire):
    make_role(name="Draft role", is_published=False)
    html = editor_client.get(url(questionnaire[0])).content.decode()
    assert "Draft role (unpublished)" in html


def test_editor_adds_a_question_with_weights(editor_client, questionnaire, roles):
    alpha, beta, gamma = roles
    data = {
        "text": "Brand new question?",
        "help_text": "",
        "display_order": 20,
        "is_published": "on",
        "choices-TOTAL_FORMS": 3,
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 3,
        "choices-MAX_NUM_FORMS": 5,
    }
    for index, role in enumerate(roles):
        data[f"choices-{index}-text"] = f"New answer for {role.name}"
        data[f"choices-{index}-display_order"] = index
        for other in roles:
            data[f"choices-{index}-weight_{other.pk}"] = 3 if other == role else 0
    response = editor_client.post("/admin/roles/question/add/", data)
    assert response.status_code == 302
    question = Question.objects.get(text="Brand new question?")
    assert [c.weight_map() for c in question.choices.order_by("display_order")] == [{r.pk: 3} for r in roles]


def test_an_answer_that_points_nowhere_is_refused(editor_client, questionnaire, roles):
    question = questionnaire[1]
    data = change_data(question, roles, weights={1: dict.fromkeys(roles, 0)})
    response = editor_client.post(url(question), data)
    assert response.status_code == 200
    assert "at least one published role" in response.content.decode()
    assert question.choices.order_by("display_order")[1].weight_map() != {}


def test_weights_only_for_unpublished_roles_do_not_count(editor_client, questionnaire, roles):
    hidden = make_role(name="Hidden", is_published=False)
    question = questionnaire[1]
    data = change_data(question, [*roles, hidden], weights={1: {**dict.fromkeys(roles, 0), hidden: 5}})
    response = editor_client.post(url(question), data)
    assert response.status_code == 200
    assert "at least one published role" in response.content.decode()


@pytest.mark.parametrize("value", ["6", "-1", "two"])
def test_weights_outside_0_to_5_are_refused(editor_client, questionnaire, roles, value):
    question = questionnaire[1]
    data = change_data(question, roles)
    data[f"choices-0-weight_{roles[0].pk}"] = value
    response = editor_client.post(url(question), data)
    assert response.status_code == 200
    assert question.choices.order_by("display_order")[0].weight_map() == {roles[0].pk: 4}


def test_a_change_that_leaves_a_role_unable_to_win_is_refused(editor_client, questionnaire, roles):
    alpha, beta, gamma = roles
    question = questionnaire[0]
    # The only answer pointing to Gamma now points to Alpha instead.
    data = change_data(question, roles, weights={2: {gamma: 0, alpha: 3}})
    response = editor_client.post(url(question), data)
    assert response.status_code == 200
    assert "would put Gamma on top any more" in response.content.decode()
    assert question.choices.order_by("display_order")[2].weight_map() == {gamma.pk: 3}


def test_unpublishing_the_question_a_role_depends_on_is_refused(editor_client, questionnaire, roles):
    question = questionnaire[0]
    response = editor_client.post(url(question), change_data(question, roles, is_published=False))
    assert response.status_code == 200
    assert "would put Gamma on top" in response.content.decode()
    question.refresh_from_db()
    assert question.is_published


def test_deleting_the_answer_a_role_depends_on_is_refused(editor_client, questionnaire, roles):
    question = questionnaire[0]
    make_choice(question, {roles[0]: 2})
    texts = list(question.choices.order_by("display_order", "pk").values_list("text", flat=True))
    gamma_answer = texts.index("Mixed answer 0")
    response = editor_client.post(url(question), change_data(question, roles, delete=[gamma_answer]))
    assert response.status_code == 200
    assert Choice.objects.filter(question=question).count() == 4


def test_fewer_than_three_answers_are_refused(editor_client, questionnaire, roles):
    question = questionnaire[1]
    response = editor_client.post(url(question), change_data(question, roles, delete=[1]))
    assert response.status_code == 200
    assert "at least 3" in response.content.decode()
    assert question.choices.count() == 3


def test_a_questionnaire_already_broken_can_still_be_repaired_step_by_step(editor_client, questionnaire, roles):
    # A new role is published: nothing points to it yet, so it cannot win.
    delta = make_role(name="Delta", display_order=9)
    assert "No set of answers puts Delta on top." in services.questionnaire_problems()
    # Unrelated edits are still allowed (Delta was already unable to win)...
    question = questionnaire[3]
    response = editor_client.post(url(question), change_data(question, [*roles, delta], text="Reworded?"))
    assert response.status_code == 302
    # ...and the changelist keeps warning until it is fixed.
    html = editor_client.get("/admin/roles/question/").content.decode()
    assert "No set of answers puts Delta on top." in html
    data = change_data(question, [*roles, delta], weights={2: {delta: 5, roles[0]: 0, roles[1]: 0}})
    assert editor_client.post(url(question), data).status_code == 302
    assert services.questionnaire_problems() == []
    assert "The published questionnaire is complete" in editor_client.get("/admin/roles/question/").content.decode()


def test_questionnaire_problems_name_what_is_wrong(roles, questionnaire):
    Question.objects.filter(pk=questionnaire[7].pk).update(is_published=False)
    lonely = questionnaire[1]
    Choice.objects.filter(question=lonely).order_by("display_order").last().delete()
    nowhere = questionnaire[2].choices.order_by("display_order").first()
    nowhere.weights.all().delete()
    problems = services.questionnaire_problems()
    assert "7 questions are published; the questionnaire is designed for 8 to 12." in problems
    assert "“Question 1?” has 2 answers; give it 3 to 5." in problems
    assert f"The answer “{nowhere.text}” (to “Question 2?”) points to no published role." in problems


def test_weights_overview_lists_every_published_answer(editor_client, questionnaire):
    response = editor_client.get("/admin/roles/question/weights/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<td class="fit-w">4</td>') == 16
    assert "Mixed answer 0" in html


# ---------------------------------------------------------------- results and statistics


def make_result(role, when):
    result = Result.objects.create(
        answers=[],
        scores=[
            {
                "role_id": role.pk,
                "slug": role.slug,
                "name": role.name,
                "raw": 1,
                "max": 1,
                "score": 100,
                "tier": "strong",
            }
        ],
        top_role=role,
        questionnaire_version="test",
    )
    Result.objects.filter(pk=result.pk).update(created_at=when)
    return result


def test_results_are_read_only_for_editors(editor_client, roles):
    result = make_result(roles[0], timezone.now())
    assert editor_client.get("/admin/roles/result/").status_code == 200
    detail = editor_client.get(f"/admin/roles/result/{result.pk}/change/")
    assert detail.status_code == 200
    assert "Alpha · 100 (Strong fit)" in detail.content.decode()
    assert editor_client.get("/admin/roles/result/add/").status_code == 403
    assert editor_client.post(f"/admin/roles/result/{result.pk}/delete/").status_code == 403


def test_statistics_count_completions_per_day_and_top_roles(editor_client, roles):
    alpha, beta, _ = roles
    now = timezone.now()
    for days_ago, role in [(0, alpha), (0, alpha), (0, beta), (2, alpha), (40, beta)]:
        make_result(role, now - datetime.timedelta(days=days_ago))
    stats = services.fit_statistics(days=30)
    daily = {row["day"]: row["results"] for row in stats["daily"]}
    assert len(daily) == 30
    assert daily[timezone.localdate()] == 3
    assert daily[timezone.localdate() - datetime.timedelta(days=2)] == 1
    assert sum(daily.values()) == stats["recent_total"] == 4
    assert stats["total"] == 5
    assert [(r["role"], r["results"], r["percent"], r["recent"]) for r in stats["on_top"]] == [
        ("Alpha", 3, 60, 3),
        ("Beta", 2, 40, 1),
    ]
    changelist = editor_client.get("/admin/roles/result/").content.decode()
    assert 'href="/admin/roles/result/stats/"' in changelist
    response = editor_client.get("/admin/roles/result/stats/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 completed questionnaires in all; 4 in the last 30 days" in html
    assert '<th scope="row">Alpha</th>' in html


def test_statistics_need_permission(client, django_user_model, roles):
    staff = django_user_model.objects.create_user("nobody", password="a-long-test-password", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/roles/result/stats/").status_code == 403
    assert client.get("/admin/roles/question/weights/").status_code == 403


def test_result_page_offers_view_on_site(editor_client, roles):
    result = make_result(roles[0], timezone.now())
    html = editor_client.get(f"/admin/roles/result/{result.pk}/change/").content.decode()
    assert "View on site" in html
    assert Role.objects.count() == 3
