"""The questionnaire and result pages, as a visitor uses them."""

import random
import re

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from careerhub.cache import content_changed
from certifications.models import Certification, RoleFit
from roles.fit import scoring, services
from roles.fit.models import Dimension, Item, Result, RoleTarget, Snapshot, TryOut
from roles.models import ProjectIdea, RoadmapStep, Role
from roles.paths.models import Background
from roles.plan.models import Plan
from tests.factories import SAMPLE_SLUGS, make_role
from tests.fit.factories import (
    live,
    make_dimension,
    make_item,
    post_data,
    same_answers,
    set_targets,
    winning_answers,
)
from tests.fit.personas import PERSONAS, answers_of
from tests.paths.factories import make_background

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
    assert html.count('<fieldset class="fit-question') == len(snapshot.content["items"]) == 18
    for item in snapshot.content["items"]:
        assert item["text"].replace("'", "&#x27;") in html
        for value in range(1, 6):
            assert f'name="i{item["id"]}" value="{value}"' in html
    assert html.count('<span class="fit-point-label">Strongly agree</span>') == 18
    # Three parts of six, each saying where the visitor is (no JavaScript needed).
    assert "Part 1 of 3 <span" in html and "statements 13 to 18 of 18" in html
    assert f'name="version" value="{snapshot.version}"' in html
    assert "not a hiring screen" in html


def test_every_statement_is_short_about_a_preference_and_names_no_role(snapshot):
    titles = [role["name"].lower() for role in snapshot.content["roles"]] + ["engineer", "developer", "scientist"]
    for item in snapshot.content["items"]:
        assert len(item["text"].split()) <= 20
        assert len(item["loadings"]) == 1
        assert " and then " not in item["text"]
        assert not any(title in item["text"].lower() for title in titles), item["text"]


def test_every_dimension_has_a_statement_worded_the_other_way_in_each_three(snapshot):
    for dim in snapshot.content["dimensions"]:
        signs = [w > 0 for item in snapshot.content["items"] for slug, w in item["loadings"] if slug == dim["slug"]]
        assert signs.count(False) * 3 >= len(signs) >= 3, dim["slug"]


def test_questionnaire_is_two_queries_and_stays_two_with_ten_times_the_statements_and_jobs(
    client, snapshot, django_assert_num_queries
):
    # The live snapshot and the published paths offered as "your job today".
    with django_assert_num_queries(2):
        client.get("/fit/")
    dimension = snapshot.content["dimensions"][0]["slug"]
    for _ in range(153):
        make_item({Dimension.objects.get(slug=dimension): 1})
    first_lane = Role.objects.get(slug="ai-engineer")
    for _ in range(9 * Background.objects.count()):
        make_background(first_lane)
    # Published directly: this test is about the page, not the (slower) calibration of 170 statements.
    content = services.compile_content()
    Snapshot.objects.create(
        version=scoring.content_version(content), content=content, calibration={}, published_at=timezone.now()
    )
    content_changed()
    with django_assert_num_queries(2):
        response = client.get("/fit/")
    assert response.content.decode().count('<fieldset class="fit-question') == 171
    assert response.content.decode().count("<option ") == Background.objects.count() + 1


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
    assert result.top_role.slug == slug
    assert len(result.scores) == 5 and {row["band"] for row in result.scores} <= {"strong", "good", "partial"}
    # The row keeps the answers as given, keyed by statement; the wording stays in the snapshot.
    assert result.answers == {str(item_id): value for item_id, value in winning_answers(snapshot, slug).items()}
    assert result.profile["standing"].keys() == {d["slug"] for d in snapshot.content["dimensions"]}
    assert result.done == []
    assert result.questionnaire_version == snapshot.version
    assert client.get(response["Location"]).status_code == 200


def test_a_snapshot_that_results_point_to_cannot_be_deleted(client, snapshot):
    # A result's page is drawn from its snapshot: deleting the snapshot would leave it unreadable.
    submit(client, post_data(snapshot, same_answers(snapshot)))
    with pytest.raises(ProtectedError):
        Snapshot.objects.filter(pk=snapshot.pk).delete()


def test_a_submission_costs_one_query_once_the_questionnaire_was_read(client, snapshot, django_assert_num_queries):
    with django_assert_num_queries(2):  # the live snapshot and the paths, kept for this content generation
        client.get("/fit/")
    with django_assert_num_queries(1):  # the insert
        submit(client, post_data(snapshot, {**same_answers(snapshot)}) | {"background": "backend-developer"})
    content_changed()  # an editor published something: the snapshot and the paths are read again, once
    with django_assert_num_queries(3):
        submit(client, post_data(snapshot, same_answers(snapshot)))
    assert Result.objects.count() == 2


def test_missing_answers_redisplay_the_form_with_a_400_and_the_answers_kept(client, snapshot):
    answers = same_answers(snapshot)
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
    answers = post_data(snapshot, same_answers(snapshot))
    answers[f"i{snapshot.content['items'][3]['id']}"] = value
    response = submit(client, answers)
    assert response.status_code == 400
    assert not Result.objects.exists()
    if value:
        assert "We could not read those answers" in response.content.decode()


def test_a_statement_from_elsewhere_or_a_stale_version_is_refused(client, snapshot):
    answers = post_data(snapshot, same_answers(snapshot))
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
    answers = post_data(snapshot, same_answers(snapshot))
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


def chart_figures(html):
    """{dimension name: [you, first, second]} from the table that repeats the chart."""
    table = html[html.index('<caption id="fit-table-caption">') :]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>', table)
    return {name: figures for name, *figures in rows}


def test_result_page_tells_one_story_with_a_band_a_chart_and_reasons_from_its_numbers(client, fde_result):
    result, url = fde_result
    html = client.get(url).content.decode()
    assert '<h1 class="page-title">Your closest fit: Forward Deployed Engineer</h1>' in html
    assert ranking_on(html)[:2] == ["Forward Deployed Engineer", "AI Engineer"]
    assert sorted(ranking_on(html)) == sorted(Role.objects.published().values_list("name", flat=True))
    # Bands, not two-digit scores.
    assert html.count("match</span>") == 5 and "/100" not in html and "points)" not in html
    assert 'role="img"' in html and "<figcaption" in html and "0 is your own average" in html
    assert html.count("<circle") == 6 + 1  # one per dimension, and the legend
    # Each reason quotes the chart's own figures, and on the chart the visitor sits nearer the first lane.
    figures = chart_figures(html)
    reasons = re.findall(
        r"<li>([^<:]+): you ([^,]+), Forward Deployed Engineer ([^,]+), AI Engineer ([^.]+\.\d)\.", html
    )
    assert reasons
    for name, you, first, second in reasons:
        assert figures[name] == [you, first, second]
        number = lambda text: float(text.replace("−", "-"))  # noqa: E731
        assert abs(number(you) - number(first)) < abs(number(you) - number(second))
    assert "How matching works" in html


def test_the_next_step_card_comes_before_the_chart_and_starts_a_plan_for_the_lane(client, fde_result):
    result, url = fde_result
    html = client.get(url).content.decode()
    card = html.index("Your next step: <a")
    assert card < html.index('role="img"')
    assert html.count("Start a plan for this lane") == 1
    assert '<input type="hidden" name="role" value="forward-deployed-engineer">' in html
    assert TryOut.objects.get(role__slug="forward-deployed-engineer").task.replace("'", "&#x27;") in html
    assert 'href="/fit/">Take it again</a>' in html


def test_ticked_experiences_start_the_plan_with_their_steps_known(client, snapshot):
    ticked = [row for row in snapshot.content["experiences"] if "ai-engineer" in row["steps"]]
    answers = answers_of(persona("Back-end engineer"), snapshot.content)
    data = {**post_data(snapshot, answers), "done": [str(row["id"]) for row in ticked]}
    url = submit(client, data)["Location"]
    html = client.get(url).content.decode()
    known = sorted(int(pk) for pk in re.findall(r'<input type="hidden" name="known" value="(\d+)">', html))
    expected = sorted({step for row in ticked for step in row["steps"]["ai-engineer"]})
    assert known == expected and known
    response = client.post("/plan/", {"role": "ai-engineer", "known": known})
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert {step.step_id: step.status for step in plan.steps.all()} == dict.fromkeys(known, "known")


def test_questionnaire_asks_the_job_today_from_the_published_paths_and_it_is_optional(client, snapshot):
    Background.objects.filter(slug="mobile-developer").update(is_published=False)
    html = client.get("/fit/").content.decode()
    assert '<option value="">Rather not say</option>' in html
    assert '<option value="backend-developer">Backend developer</option>' in html
    assert 'value="mobile-developer"' not in html
    submit(client, post_data(snapshot, same_answers(snapshot)))
    assert Result.objects.get().background is None


def test_an_unlisted_job_is_refused_as_a_tampered_form(client, snapshot):
    response = submit(client, {**post_data(snapshot, same_answers(snapshot)), "background": "astronaut"})
    assert response.status_code == 400
    assert not Result.objects.exists()


def test_the_job_today_leads_the_next_step_to_its_path_and_a_plan_with_its_known_steps(client, snapshot):
    answers = answers_of(persona("Back-end engineer"), snapshot.content)
    url = submit(client, {**post_data(snapshot, answers), "background": "backend-developer"})["Location"]
    result = Result.objects.get()
    assert result.background.slug == "backend-developer"
    html = client.get(url).content.decode()
    lane = re.search(r'<input type="hidden" name="role" value="([\w-]+)">', html).group(1)
    assert '<input type="hidden" name="background" value="backend-developer">' in html
    assert f'href="/paths/backend-developer/#{lane}">Backend developer to ' in html
    # Starting the plan from the card marks the steps a backend developer usually knows.
    client.post("/plan/", {"role": lane, "background": "backend-developer"})
    expected = set(result.background.known_steps_for(Role.objects.get(slug=lane)).values_list("pk", flat=True))
    plan = Plan.objects.get()
    assert expected and {step.step_id for step in plan.steps.filter(status="known")} == expected


def test_a_path_unpublished_since_leaves_the_next_step_as_it_was(client, snapshot):
    answers = answers_of(persona("Back-end engineer"), snapshot.content)
    url = submit(client, {**post_data(snapshot, answers), "background": "backend-developer"})["Location"]
    assert "/paths/backend-developer/" in client.get(url).content.decode()
    background = Background.objects.get(slug="backend-developer")
    background.is_published = False
    background.save()  # as an editor would: the cached pages are dropped
    html = client.get(url).content.decode()
    assert 'name="background"' not in html and "/paths/backend-developer/" not in html


def test_a_plan_refuses_known_steps_from_another_roles_roadmap(client, snapshot):
    other = RoadmapStep.objects.filter(role__slug="ml-engineer").first()
    assert client.post("/plan/", {"role": "ai-engineer", "known": [other.pk]}).status_code == 400
    assert not Plan.objects.exists()


def test_result_page_shares_the_lane_and_nothing_personal(client, fde_result):
    result, url = fde_result
    response = client.get(url)
    html = response.content.decode()
    assert '<meta property="og:title" content="Closest AI lane: Forward Deployed Engineer' in html
    og = re.search(r'<meta property="og:description" content="([^"]+)"', html).group(1)
    assert not any(answer["text"][:20] in og for answer in result.answer_rows())
    assert response["X-Robots-Tag"] == "noindex"


def tie_answers(content):
    """A seeded random sheet whose first two lanes are too close to call."""
    generator = random.Random(5)
    while True:
        answers = {item["id"]: generator.randint(1, 5) for item in content["items"]}
        scored = scoring.evaluate(content, answers)
        if scoring.kind(scored["profile"], scored["scores"]) == "tie":
            return answers


def test_a_tie_shows_both_next_steps_side_by_side_and_never_calls_one_ahead(client, snapshot):
    answers = tie_answers(snapshot.content)
    url = submit(client, post_data(snapshot, answers))["Location"]
    result = Result.objects.get()
    names = {role["id"]: role["name"] for role in snapshot.content["roles"]}
    first, second = (names[row["role_id"]] for row in result.scores[:2])
    html = client.get(url).content.decode()
    assert f'<h1 class="page-title">Two lanes fit you equally: {first} and {second}</h1>' in html
    assert "ahead" not in html.lower()
    assert html.count("Start a plan for this lane") == 2
    assert html.count("Your next step: <a") == 2
    # The statements that would tell them apart: agreeing more with each moves the visitor towards its lane.
    told = re.findall(r"Agreeing more with “([^”]+)” points to <strong>([^<]+)</strong>", html)
    assert {role for _, role in told} == {first, second}
    texts = {item["text"].replace("'", "&#x27;"): item["id"] for item in snapshot.content["items"]}
    by_name = {role["name"]: role for role in snapshot.content["roles"]}
    for text, role in told:
        item_id = texts[text]
        other = second if role == first else first
        lower = {**answers, item_id: 1}
        higher = {**answers, item_id: 5}

        def margin(sheet, role=role, other=other):
            matches = {row["role_id"]: row["match"] for row in scoring.evaluate(snapshot.content, sheet)["scores"]}
            return matches[by_name[role]["id"]] - matches[by_name[other]["id"]]

        assert margin(higher) > margin(lower)


@pytest.mark.parametrize("value", [1, 3, 5], ids=["all-disagree", "all-neutral", "all-agree"])
def test_straight_answer_sheets_get_the_little_information_result(client, snapshot, value):
    url = submit(client, post_data(snapshot, same_answers(snapshot, value)))["Location"]
    result = Result.objects.get()
    assert result.top_role is None and result.profile["little_information"]
    html = client.get(url).content.decode()
    assert '<h1 class="page-title">Your answers do not point to a lane</h1>' in html
    assert "Start a plan" not in html and "Your closest fit" not in html and "fit equally" not in html
    assert "read two very different profiles" in html
    assert len(re.findall(r'<li><a href="/roles/[^"]+/">', html)) == 2


def test_answers_that_contradict_themselves_get_the_little_information_result(client, snapshot):
    # Agree strongly with every statement of the first three dimensions, both wordings; vary the rest.
    content = snapshot.content
    slugs = [dim["slug"] for dim in content["dimensions"]]
    answers = {
        item["id"]: 5 if item["loadings"][0][0] in slugs[:3] else 2 + index % 3
        for index, item in enumerate(content["items"])
    }
    url = submit(client, post_data(snapshot, answers))["Location"]
    html = client.get(url).content.decode()
    assert '<h1 class="page-title">Your answers do not point to a lane</h1>' in html
    assert "say opposite things about 3 of the 6 kinds of work" in html


def test_a_result_never_changes_after_the_questionnaire_does(client, fde_result):
    result, url = fde_result
    before = client.get(url).content.decode()
    RoleTarget.objects.update(target=1)
    Item.objects.update(text="I enjoy something else entirely.")
    services.publish_snapshot()
    after = type(client)().get(url).content.decode()
    assert ranking_on(after) == ranking_on(before)
    assert chart_figures(after) == chart_figures(before)
    assert "Your closest fit: Forward Deployed Engineer" in after


EARLIER_CONTENT = {
    "dimensions": [
        {"slug": "model", "name": "training models yourself", "low": "l", "high": "h"},
        {"slug": "customer", "name": "customer contact", "low": "l", "high": "h"},
    ],
    "items": [{"id": 1, "text": "I like models.", "loadings": [["model", 2]]}],
    "roles": [
        {
            "id": 0,
            "slug": "ml-engineer",
            "name": "ML Engineer",
            "targets": {"model": 5, "customer": 1},
            "importance": {"model": 3, "customer": 1},
        },
        {
            "id": 0,
            "slug": "ai-engineer",
            "name": "AI Engineer",
            "targets": {"model": 2, "customer": 2},
            "importance": {"model": 2, "customer": 2},
        },
    ],
}


def test_a_result_of_the_earlier_edition_keeps_its_page_from_what_it_stored(client, sample_content):
    ml, ai = Role.objects.get(slug="ml-engineer"), Role.objects.get(slug="ai-engineer")
    content = {
        **EARLIER_CONTENT,
        "roles": [{**EARLIER_CONTENT["roles"][0], "id": ml.pk}, {**EARLIER_CONTENT["roles"][1], "id": ai.pk}],
    }
    old = Snapshot.objects.create(version="earlier00000000", content=content, published_at=timezone.now())
    result = Result.objects.create(
        snapshot=old,
        answers={"1": 5},
        profile={"model": 4.5, "customer": None},
        scores=[{"role_id": ml.pk, "fit": 87.5, "score": 88}, {"role_id": ai.pk, "fit": 62.5, "score": 63}],
        top_role=ml,
        questionnaire_version=old.version,
    )
    response = client.get(result.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "earlier edition" in html
    assert ranking_on(html) == ["ML Engineer", "AI Engineer"]
    assert "88 out of 100" in html and "63 out of 100" in html
    assert "<td>4.5</td><td>5</td><td>2</td>" in html
    assert 'href="/fit/">Take the current questionnaire</a>' in html


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
    assert "Start a plan" not in html
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
    first, second = make_dimension(), make_dimension()
    one, two = make_item({first: 1}), make_item({second: 1})
    set_targets(live_role, {first: 1, second: 5})
    set_targets(draft, {first: 5, second: 1})  # a perfect match for the answers below
    page = result_page(client, {one.pk: 5, two.pk: 1})
    assert "Live Engineer" in page
    assert "Draft Engineer" not in page


def test_a_tie_goes_to_the_role_shown_first_not_to_the_name_first_in_the_alphabet(client, db):
    # Names sort the other way round from the display order, so name-first ordering shows.
    zeta = make_role(name="Zeta Engineer", display_order=1)
    alpha = make_role(name="Alpha Engineer", display_order=2)
    first, second = make_dimension(), make_dimension()
    one, two = make_item({first: 1}), make_item({second: 1})
    for role in (zeta, alpha):
        set_targets(role, {first: 4, second: 2})
    page = result_page(client, {one.pk: 4, two.pk: 2})
    assert page.index("Zeta Engineer") < page.index("Alpha Engineer")


@pytest.mark.parametrize(
    "result_id",
    [
        "9720b5fd-e170-42d0-9516-4331b2d64035",
        "not-a-uuid",
        "00000000-0000-0000-0000-00000000000Z",
        "%27%20OR%201=1",
        "1" * 200,
    ],
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


def test_the_next_step_never_recommends_a_retired_certification(client, fde_result):
    result, url = fde_result
    fde = Role.objects.get(slug="forward-deployed-engineer")
    shown = services.certification_for(role=fde)
    assert shown is not None and not shown.is_retired
    assert shown.get_absolute_url() in client.get(url).content.decode()
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
