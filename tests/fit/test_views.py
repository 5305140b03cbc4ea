"""The questionnaire and result pages, as a visitor uses them."""

import re
import uuid

import pytest

from roles.fit_models import Choice, ChoiceWeight, Question, Result
from roles.models import ProjectIdea, RoadmapStep, Role
from tests.factories import SAMPLE_SLUGS, make_role
from tests.fit.factories import answers_for, choice_for, make_choice, make_question

pytestmark = pytest.mark.django_db

UUID_URL = re.compile(r"^/fit/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/$")


@pytest.fixture
def questions(sample_content):
    return list(Question.objects.published().with_weights())


def role(slug):
    return Role.objects.get(slug=slug)


def submit(client, data):
    return client.post("/fit/", data)


def favour(slug):
    target = role(slug)
    return lambda question: choice_for(question, target)


# ---------------------------------------------------------------- the questionnaire page


def test_questionnaire_shows_every_published_question_as_a_fieldset(client, questions):
    hidden = make_question(text="A draft question nobody should see", is_published=False)
    make_choice(hidden, {role("ml-engineer"): 3})
    response = client.get("/fit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == len(questions) == 10
    assert html.count("<legend") == 10
    assert "A draft question nobody should see" not in html
    for question in questions:
        assert question.text.replace("'", "&#x27;") in html
        for choice in question.choices.all():
            assert f'name="q{question.pk}" value="{choice.pk}"' in html
    assert 'name="version"' in html
    assert "not a hiring screen" in html
    assert re.search(r'<script src="[^"]*js/fit\.js" defer></script>', html)
    assert "<script>" not in html  # no inline script


def test_questionnaire_query_count_does_not_grow_with_content(client, questions, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get("/fit/")
    ml = role("ml-engineer")
    for _ in range(5):
        question = make_question()
        for _ in range(5):
            make_choice(question, {ml: 2})
    with django_assert_num_queries(2):
        response = client.get("/fit/")
    assert response.content.decode().count("<fieldset") == 15


def test_questionnaire_without_questions_says_so(client, db):
    response = client.get("/fit/")
    assert response.status_code == 200
    assert "being updated" in response.content.decode()
    assert 'action="/fit/"' not in response.content.decode()  # no questionnaire form (the footer has its own)


def test_only_get_and_post_are_allowed(client, db):
    assert client.put("/fit/").status_code == 405
    assert client.post("/fit/00000000-0000-4000-8000-000000000000/").status_code == 405


def test_nav_and_sitemap_list_the_questionnaire_but_not_results(client, questions):
    data = answers_for(questions, favour("ai-engineer"))
    result_url = submit(client, data)["Location"]
    home = client.get("/").content.decode()
    assert 'href="/fit/">Find your fit</a>' in home
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/fit/</loc>" in sitemap
    assert result_url not in sitemap


# ---------------------------------------------------------------- submitting


@pytest.mark.parametrize("slug", SAMPLE_SLUGS)
def test_answering_for_a_role_puts_it_first_and_stores_the_result(client, questions, slug):
    response = submit(client, answers_for(questions, favour(slug)))
    assert response.status_code == 303  # Post/Redirect/Get
    assert UUID_URL.match(response["Location"])
    result = Result.objects.get()
    assert result.top_role.slug == slug
    assert result.scores[0]["slug"] == slug
    assert result.scores[0]["score"] == 100
    assert len(result.scores) == 5
    assert len(result.answers) == 10
    assert result.get_absolute_url() == response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f"Your best fit: {result.top_role.name}" in page.content.decode()


def test_ties_are_broken_by_display_order_every_time(client, db):
    first, second, third = make_role(display_order=1), make_role(display_order=2), make_role(display_order=3)
    questions = []
    for _ in range(3):
        question = make_question()
        make_choice(question, {first: 2, second: 2})
        make_choice(question, {third: 2})
        make_choice(question, {first: 1, second: 1, third: 1})
        questions.append(question)
    questions = list(Question.objects.with_weights())
    both = lambda q: q.choices.all()[0]  # noqa: E731
    for _ in range(3):
        submit(client, answers_for(questions, both))
    tops = list(Result.objects.values_list("top_role", flat=True))
    assert tops == [first.pk] * 3
    # Swapping the display order swaps the winner: the order, not the pk, decides.
    Role.objects.filter(pk=first.pk).update(display_order=5)
    submit(client, answers_for(questions, both))
    assert Result.objects.order_by("-created_at").first().top_role == second


def test_missing_answers_redisplay_the_form_with_answers_kept(client, questions):
    data = answers_for(questions, favour("ml-engineer"))
    skipped = questions[2], questions[7]
    for question in skipped:
        del data[f"q{question.pk}"]
    response = submit(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "2 questions still need an answer" in html
    for question in skipped:
        assert f'href="#q-{question.pk}"' in html
        assert f'id="q-{question.pk}-error"' in html
    kept = questions[0]
    checked = re.search(rf'<input type="radio" name="q{kept.pk}" value="{data[f"q{kept.pk}"]}"[^>]*>', html).group(0)
    assert "checked" in checked
    assert html.count("Choose one answer to this question.") == 2
    assert not Result.objects.exists()


def test_an_empty_submission_marks_every_question(client, questions):
    response = submit(client, {"version": answers_for(questions, favour("ml-engineer"))["version"]})
    assert response.status_code == 400
    assert "10 questions still need an answer" in response.content.decode()


def test_a_choice_from_another_question_is_refused(client, questions):
    data = answers_for(questions, favour("ml-engineer"))
    data[f"q{questions[0].pk}"] = str(questions[1].choices.all()[0].pk)
    response = submit(client, data)
    assert response.status_code == 400
    assert "We could not read those answers" in response.content.decode()
    assert not Result.objects.exists()


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "99999999999999999999", "", " "])
def test_a_value_that_is_not_a_choice_never_gives_a_500(client, questions, value):
    data = answers_for(questions, favour("ml-engineer"))
    data[f"q{questions[3].pk}"] = value
    response = submit(client, data)
    assert response.status_code == 400
    assert not Result.objects.exists()


def test_a_form_replayed_after_the_questions_changed_is_refused(client, questions):
    data = answers_for(questions, favour("genai-developer"))
    choice = questions[4].choices.all()[1]
    Choice.objects.filter(pk=choice.pk).update(text="Reworded by an editor")
    response = submit(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The questions have changed" in html
    assert 'href="/fit/"' in html
    assert not Result.objects.exists()


def test_a_form_replayed_after_a_question_was_added_is_refused(client, questions):
    data = answers_for(questions, favour("genai-developer"))
    make_choice(make_question(), {role("ml-engineer"): 2})
    assert submit(client, data).status_code == 400


@pytest.mark.parametrize("version", [None, "", "not-a-version"])
def test_a_missing_or_forged_version_is_refused(client, questions, version):
    data = answers_for(questions, favour("genai-developer"))
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    assert submit(client, data).status_code == 400
    assert not Result.objects.exists()


def test_new_weights_do_not_invalidate_open_forms(client, questions):
    data = answers_for(questions, favour("genai-developer"))
    ChoiceWeight.objects.filter(role__slug="genai-developer").update(weight=1)
    assert submit(client, data).status_code == 303


def test_reordering_questions_does_not_invalidate_open_forms(client, questions):
    data = answers_for(questions, favour("genai-developer"))
    Question.objects.filter(pk=questions[0].pk).update(display_order=99)
    assert submit(client, data).status_code == 303


# ---------------------------------------------------------------- the result page


@pytest.fixture
def ml_result(client, questions):
    url = submit(client, answers_for(questions, favour("ml-engineer")))["Location"]
    return Result.objects.get(), url


def ranking_on(html):
    return re.findall(r'<span class="fit-rank-name">(?:<a href="[^"]*">)?([^<]+)', html)


def test_result_page_ranks_all_roles_with_tiers_reasons_and_a_next_step(client, ml_result):
    result, url = ml_result
    response = client.get(url)
    html = response.content.decode()
    ranking = ranking_on(html)
    assert ranking[0] == "ML Engineer"
    assert sorted(ranking) == sorted(Role.objects.published().values_list("name", flat=True))
    assert "Strong fit · 100/100" in html
    assert html.count('class="fit-bar"') == 5
    assert html.count("which points strongly to ML Engineer") == 4
    ml = role("ml-engineer")
    step = ml.roadmap_steps.order_by("order").first()
    assert step.title in html
    starter = ml.projects.filter(difficulty="starter").order_by("order").first()
    assert starter.title in html
    assert 'href="/roles/ml-engineer/"' in html
    assert 'href="/certifications/google-cloud-professional-ml-engineer/"' in html
    assert 'href="/fit/">Take the questionnaire again' in html
    assert f"http://testserver{url}" in html  # the share link


def test_result_pages_are_kept_out_of_search_engines(client, ml_result):
    _, url = ml_result
    response = client.get(url)
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "X-Robots-Tag" not in client.get("/fit/")


def test_a_shared_result_keeps_its_ranking_after_weights_and_questions_change(client, ml_result):
    result, url = ml_result
    before = ranking_on(client.get(url).content.decode())
    # Editors turn the questionnaire upside down: every answer now points to FDE only.
    fde = role("forward-deployed-engineer")
    ChoiceWeight.objects.all().delete()
    for choice in Choice.objects.all():
        ChoiceWeight.objects.create(choice=choice, role=fde, weight=5)
    Question.objects.update(text="Rewritten")
    another_client = type(client)()
    html = another_client.get(url).content.decode()
    assert ranking_on(html) == before
    assert before[0] == "ML Engineer"
    assert "which points strongly to ML Engineer" in html


def test_result_page_query_count_is_constant(client, ml_result, django_assert_num_queries):
    _, url = ml_result
    with django_assert_num_queries(5):
        client.get(url)
    ml = role("ml-engineer")
    for order in range(20, 40):
        RoadmapStep.objects.create(role=ml, order=order, title=f"Step {order}", body="More.")
        ProjectIdea.objects.create(role=ml, order=order, title=f"Project {order}", summary="More.")
    for question in Question.objects.all():
        make_choice(question, {ml: 1})
    Result.objects.bulk_create(Result(answers=[], scores=[], questionnaire_version="x", top_role=ml) for _ in range(50))
    with django_assert_num_queries(5):
        response = client.get(url)
    assert ranking_on(response.content.decode())[0] == "ML Engineer"


def test_unpublished_roles_lose_their_link_and_next_step_but_the_page_still_works(client, ml_result):
    _, url = ml_result
    Role.objects.filter(slug="ml-engineer").update(is_published=False)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert ranking_on(html)[0] == "ML Engineer"
    assert 'href="/roles/ml-engineer/"' not in html
    assert "Your next step" not in html


def test_a_deleted_top_role_keeps_the_snapshot(client, ml_result):
    result, url = ml_result
    Role.objects.filter(slug="ml-engineer").delete()
    response = client.get(url)
    assert response.status_code == 200
    assert ranking_on(response.content.decode())[0] == "ML Engineer"


@pytest.mark.parametrize(
    "result_id",
    [str(uuid.uuid4()), "not-a-uuid", "00000000-0000-0000-0000-00000000000Z", "%27%20OR%201=1", "1" * 200],
)
def test_unknown_or_tampered_result_ids_get_a_clear_404(client, db, result_id):
    response = client.get(f"/fit/{result_id}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that result" in html
    assert 'href="/fit/"' in html
    assert response["X-Robots-Tag"] == "noindex"


def test_a_result_id_is_random_not_sequential(client, questions):
    for _ in range(2):
        submit(client, answers_for(questions, favour("ml-engineer")))
    ids = list(Result.objects.values_list("pk", flat=True))
    assert len(set(ids)) == 2
    assert all(value.version == 4 for value in ids)
