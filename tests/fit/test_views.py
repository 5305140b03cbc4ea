"""The questionnaire and result pages, as a visitor uses them."""

import re
import uuid

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from careerhub.cache import content_changed
from certifications.models import Certification, RoleFit
from roles.fit import scoring, services
from roles.fit.models import Dimension, Item, Result, RoleTarget, Snapshot, TryOut
from roles.models import ProjectIdea, RoadmapStep, Role
from tests.factories import SAMPLE_SLUGS, make_role
from tests.fit.factories import (
    live,
    make_dimension,
    make_item,
    neutral_answers,
    post_data,
    set_targets,
    winning_answers,
)
from tests.fit.personas import PERSONAS, answers_of

pytestmark = pytest.mark.django_db

UUID_URL = re.compile(r"^/fit/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/$")


@pytest.fixture
def snapshot(sample_content):
    return live()


def submit(client, data):
    return client.post("/fit/", data)


def persona(name):
    return next(p for p in PERSONAS if p.name == name)


# ---------------------------------------------------------------- the questionnaire page


def test_questionnaire_shows_every_statement_on_a_five_point_scale(client, snapshot):
    response = client.get("/fit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == len(snapshot.content["items"]) == 17
    for item in snapshot.content["items"]:
        assert item["text"].replace("'", "&#x27;") in html
        for value in range(1, 6):
            assert f'name="i{item["id"]}" value="{value}"' in html
    assert html.count(">Strongly agree</label>") == 17
    assert f'name="version" value="{snapshot.version}"' in html
    assert "not a hiring screen" in html


def test_every_statement_is_short_and_about_a_preference(snapshot):
    for item in snapshot.content["items"]:
        assert len(item["text"].split()) <= 20
        assert 1 <= len(item["loadings"]) <= 2
        assert " and then " not in item["text"]


def test_questionnaire_is_one_query_and_stays_one_with_ten_times_the_statements(
    client, snapshot, django_assert_num_queries
):
    with django_assert_num_queries(1):
        client.get("/fit/")
    dimension = snapshot.content["dimensions"][0]["slug"]
    for _ in range(153):
        make_item({Dimension.objects.get(slug=dimension): 1})
    # Published directly: this test is about the page, not the (slower) calibration of 170 statements.
    content = services.compile_content()
    Snapshot.objects.create(
        version=scoring.content_version(content), content=content, calibration={}, published_at=timezone.now()
    )
    content_changed()
    with django_assert_num_queries(1):
        response = client.get("/fit/")
    assert response.content.decode().count("<fieldset") == 170


def test_questionnaire_before_anything_is_published_says_so(client, db):
    response = client.get("/fit/")
    assert response.status_code == 200
    assert "being updated" in response.content.decode()
    assert submit(client, {"version": "x"}).status_code == 503


def test_only_get_and_post_are_allowed(client, db):
    assert client.put("/fit/").status_code == 405
    assert client.post("/fit/00000000-0000-4000-8000-000000000000/").status_code == 405


# ---------------------------------------------------------------- submitting


@pytest.mark.parametrize("slug", SAMPLE_SLUGS)
def test_every_role_can_be_reached_from_the_page_and_the_result_is_stored(client, snapshot, slug):
    before = timezone.now()
    response = submit(client, post_data(snapshot, winning_answers(snapshot, slug)))
    assert response.status_code == 303  # Post/Redirect/Get
    assert UUID_URL.match(response["Location"])
    result = Result.objects.get()
    assert response["Location"] == f"/fit/{result.pk}/"
    assert before <= result.created_at <= timezone.now()
    assert result.snapshot == snapshot
    assert result.top_role.slug == result.ranking[0]["slug"] == slug
    assert len(result.scores) == 5
    # The row keeps the answers as given, keyed by statement; the wording stays in the snapshot.
    assert result.answers == {str(item_id): value for item_id, value in winning_answers(snapshot, slug).items()}
    assert result.profile.keys() == {d["slug"] for d in snapshot.content["dimensions"]}
    assert [row["slug"] for row in result.profile_rows] == [d["slug"] for d in snapshot.content["dimensions"]]
    assert result.questionnaire_version == snapshot.version
    assert client.get(response["Location"]).status_code == 200


def test_a_snapshot_that_results_point_to_cannot_be_deleted(client, snapshot):
    # A result's page is drawn from its snapshot: deleting the snapshot would leave it unreadable.
    submit(client, post_data(snapshot, neutral_answers(snapshot)))
    with pytest.raises(ProtectedError):
        Snapshot.objects.filter(pk=snapshot.pk).delete()


def test_a_submission_costs_one_query_once_the_questionnaire_was_read(client, snapshot, django_assert_num_queries):
    with django_assert_num_queries(1):  # the live snapshot, kept for this content generation
        client.get("/fit/")
    with django_assert_num_queries(1):  # the insert
        submit(client, post_data(snapshot, neutral_answers(snapshot)))
    content_changed()  # an editor published something: the snapshot is read again, once
    with django_assert_num_queries(2):
        submit(client, post_data(snapshot, neutral_answers(snapshot)))
    assert Result.objects.count() == 2


def test_missing_answers_redisplay_the_form_with_a_400_and_the_answers_kept(client, snapshot):
    answers = neutral_answers(snapshot)
    first, second, *_ = snapshot.content["items"]
    answers[second["id"]] = 5
    del answers[first["id"]]
    response = submit(client, post_data(snapshot, answers))
    assert response.status_code == 400
    html = response.content.decode()
    assert "1 statement still needs an answer" in html
    assert f'href="#q-{first["id"]}"' in html
    assert re.search(rf'name="i{second["id"]}" value="5"[^>]*checked', html)
    assert not Result.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "3.5", "-1", "five", "", "9" * 30])
def test_out_of_range_or_forged_values_get_a_400_and_nothing_is_stored(client, snapshot, value):
    answers = post_data(snapshot, neutral_answers(snapshot))
    answers[f"i{snapshot.content['items'][3]['id']}"] = value
    response = submit(client, answers)
    assert response.status_code == 400
    assert not Result.objects.exists()
    if value:
        assert "We could not read those answers" in response.content.decode()


def test_a_statement_from_elsewhere_or_a_stale_version_is_refused(client, snapshot):
    answers = post_data(snapshot, neutral_answers(snapshot))
    stale = {**answers, "version": "0000000000000000"}
    response = submit(client, stale)
    assert response.status_code == 400
    assert "The questions have changed" in response.content.decode()
    # A statement the live questionnaire does not have counts for nothing and cannot replace a missing one.
    missing = dict(answers)
    del missing[f"i{snapshot.content['items'][0]['id']}"]
    missing["i999999"] = "5"
    assert submit(client, missing).status_code == 400
    assert not Result.objects.exists()


def test_an_edit_after_the_form_was_opened_refuses_the_old_form(client, snapshot):
    answers = post_data(snapshot, neutral_answers(snapshot))
    Item.objects.filter(pk=snapshot.content["items"][0]["id"]).update(text="I enjoy rewritten statements.")
    services.publish_snapshot()
    assert submit(client, answers).status_code == 400
    assert not Result.objects.exists()


# ---------------------------------------------------------------- the result page


@pytest.fixture
def fde_result(client, snapshot):
    """The 'customers plus AI engineering' persona: FDE first, AI Engineer second, not close."""
    answers = answers_of(persona("Customers plus AI engineering"), snapshot.content)
    url = submit(client, post_data(snapshot, answers))["Location"]
    return Result.objects.get(), url


def ranking_on(html):
    return re.findall(r'<span class="fit-rank-name">(?:<a href="[^"]*">)?([^<]+)', html)


def test_result_page_explains_itself(client, fde_result):
    result, url = fde_result
    html = client.get(url).content.decode()
    assert "<h1>Your closest fit: Forward Deployed Engineer</h1>" in html
    assert "Too close to call" not in html
    assert ranking_on(html)[:2] == ["Forward Deployed Engineer", "AI Engineer"]
    assert sorted(ranking_on(html)) == sorted(Role.objects.published().values_list("name", flat=True))
    assert html.count('class="fit-bar"') == 5
    # The chart, with its table alternative.
    assert 'role="img"' in html and "<figcaption" in html
    assert html.count("<circle") == 6 + 1  # one per dimension, and the legend
    assert "Show the figures as a table" in html
    # What separates the top two, in words built from the data.
    assert (
        "You rated customer contact and delivery 5 of 5; Forward Deployed Engineers spend most days with "
        "customers; AI Engineers rarely meet customers." in html
    )
    assert "How the scores work" in html


def test_result_page_has_a_next_step_with_a_try_out_and_never_a_retired_certification(client, fde_result):
    result, url = fde_result
    html = client.get(url).content.decode()
    assert TryOut.objects.get(role__slug="forward-deployed-engineer").task.replace("'", "&#x27;") in html
    assert "Try it this week" in html
    assert 'href="/fit/">Take it again</a>' in html
    fde = Role.objects.get(slug="forward-deployed-engineer")
    shown = services.certification_for(role=fde)
    assert shown is not None and not shown.is_retired
    assert shown.get_absolute_url() in html
    # Retire every certification mapped to the role: none is recommended any more.
    Certification.objects.filter(role_fits__role=fde).update(
        beta_from=None, available_from="2024-01-01", retires_on="2026-01-01"
    )
    content_changed()  # QuerySet.update() sends no signal
    assert services.certification_for(role=fde) is None
    assert shown.get_absolute_url() not in client.get(url).content.decode()


def test_a_retired_primary_pick_gives_way_to_the_next_fit(db, sample_content):
    ai = Role.objects.get(slug="ai-engineer")
    fits = list(RoleFit.objects.filter(role=ai).select_related("certification").order_by("kind", "order"))
    primary = next(fit for fit in fits if fit.kind == "primary")
    Certification.objects.filter(pk=primary.certification_id).update(
        beta_from=None, available_from="2024-01-01", retires_on="2026-01-01"
    )
    chosen = services.certification_for(role=ai)
    assert chosen is not None and chosen.pk != primary.certification_id
    assert not chosen.is_retired


def test_result_page_shares_the_top_role_and_nothing_personal(client, fde_result):
    result, url = fde_result
    response = client.get(url)
    html = response.content.decode()
    assert '<meta property="og:title" content="Closest AI role: Forward Deployed Engineer' in html
    og = re.search(r'<meta property="og:description" content="([^"]+)"', html).group(1)
    assert "Forward Deployed Engineer" in og
    assert not any(answer["text"][:20] in og for answer in result.answer_rows())
    assert response["X-Robots-Tag"] == "noindex"


def test_a_close_result_says_so_and_names_the_answers_that_would_swap_it(client, snapshot):
    answers = neutral_answers(snapshot)
    scores = scoring.rank_roles(snapshot.content, scoring.profile_values(snapshot.content, answers))
    assert scoring.is_close(scores)
    url = submit(client, post_data(snapshot, answers))["Location"]
    result = Result.objects.get()
    html = client.get(url).content.decode()
    first, second = result.ranking[0]["name"], result.ranking[1]["name"]
    assert f"<h1>Too close to call: {first} or {second}</h1>" in html
    for slug in (result.ranking[0]["slug"], result.ranking[1]["slug"]):  # both try-out tasks
        assert TryOut.objects.get(role__slug=slug).task.replace("'", "&#x27;") in html
    assert "less than 5 points apart" in html
    assert result.swaps
    for route in result.swap_routes():
        changed = {**answers, **{change["item_id"]: change["to"] for change in route}}
        ranking = scoring.rank_roles(snapshot.content, scoring.profile_values(snapshot.content, changed))
        assert ranking[0]["role_id"] == result.scores[1]["role_id"]
        assert route[0]["text"].replace("'", "&#x27;") in html


def test_a_result_never_changes_after_the_questionnaire_does(client, fde_result):
    result, url = fde_result
    before = client.get(url).content.decode()
    RoleTarget.objects.update(target=1, importance=3)
    Item.objects.update(text="I enjoy something else entirely.")
    services.publish_snapshot()
    after = type(client)().get(url).content.decode()
    assert ranking_on(after) == ranking_on(before)
    assert "Your closest fit: Forward Deployed Engineer" in after
    assert "spend most days with customers" in after


def test_result_page_query_count_is_small_and_constant(client, fde_result, django_assert_num_queries):
    result, url = fde_result
    with django_assert_num_queries(5):
        client.get(url)
    fde = Role.objects.get(slug="forward-deployed-engineer")
    for order in range(20, 40):
        RoadmapStep.objects.create(role=fde, order=order, title=f"Step {order}", body="More.")
        ProjectIdea.objects.create(role=fde, order=order, title=f"Project {order}", summary="More.")
    Result.objects.bulk_create(
        Result(snapshot=result.snapshot, answers={}, scores=[], questionnaire_version="x", top_role=fde)
        for _ in range(50)
    )
    with django_assert_num_queries(5):
        response = client.get(url)
    assert ranking_on(response.content.decode())[0] == "Forward Deployed Engineer"


def test_unpublished_or_deleted_roles_leave_the_result_readable(client, fde_result):
    _, url = fde_result
    Role.objects.filter(slug="forward-deployed-engineer").update(is_published=False)
    html = client.get(url).content.decode()
    assert ranking_on(html)[0] == "Forward Deployed Engineer"
    assert "Your next step" not in html
    Role.objects.filter(slug="forward-deployed-engineer").delete()
    assert client.get(url).status_code == 200


def result_page(client, answers):
    """Publish the questionnaire as the factories left it, answer it and read the result page."""
    response = submit(client, post_data(services.publish_snapshot(), answers))
    assert response.status_code == 303, response.content.decode()[:500]
    return client.get(response["Location"]).content.decode()


def test_a_draft_role_is_never_scored_however_well_it_fits(client, db):
    live_role = make_role(name="Live Engineer")
    draft = make_role(name="Draft Engineer", is_published=False)
    dimension = make_dimension()
    item = make_item({dimension: 1})
    set_targets(live_role, {dimension: (1, 3)})
    set_targets(draft, {dimension: (5, 3)})  # a perfect match for the answer below
    page = result_page(client, {item.pk: 5})
    assert "Live Engineer" in page
    assert "Draft Engineer" not in page


def test_a_tie_goes_to_the_role_shown_first_not_to_the_name_first_in_the_alphabet(client, db):
    # Names sort the other way round from the display order, so name-first ordering shows.
    zeta = make_role(name="Zeta Engineer", display_order=1)
    alpha = make_role(name="Alpha Engineer", display_order=2)
    dimension = make_dimension()
    item = make_item({dimension: 1})
    for role in (zeta, alpha):
        set_targets(role, {dimension: (4, 2)})
    page = result_page(client, {item.pk: 4})
    assert page.index("Zeta Engineer") < page.index("Alpha Engineer")


@pytest.mark.parametrize(
    "result_id",
    [str(uuid.uuid4()), "not-a-uuid", "00000000-0000-0000-0000-00000000000Z", "%27%20OR%201=1", "1" * 200],
)
def test_unknown_or_tampered_result_ids_get_a_clear_404(client, db, result_id):
    response = client.get(f"/fit/{result_id}/")
    assert response.status_code == 404
    assert "We can't find that result" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_snapshots_are_reused_when_nothing_changed(snapshot):
    again = services.publish_snapshot()
    assert again.pk == snapshot.pk
    assert Snapshot.objects.count() == 1
