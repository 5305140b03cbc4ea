"""Editors: statements with loadings, role targets, the Calibration page and read-only records."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from roles.fit import services
from roles.fit.models import CALIBRATION_TIMEOUT, Dimension, Item, Loading, Result, RoleTarget, Snapshot
from tests.fit.factories import live, post_data, same_answers
from tests.fit.personas import PERSONAS, answers_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(sample_content):
    return live()


def item_data(item, text=None, loadings=None, published=True):
    """The statement page's POST data; ``loadings`` is a list of (Dimension, weight)."""
    current = list(item.loadings.all())
    loadings = loadings if loadings is not None else [(row.dimension, row.weight) for row in current]
    data = {
        "text": text or item.text,
        "display_order": item.display_order,
        "loadings-TOTAL_FORMS": len(loadings),
        "loadings-INITIAL_FORMS": 0,
        "loadings-MIN_NUM_FORMS": 1,
        "loadings-MAX_NUM_FORMS": 2,
    }
    if published:
        data["is_published"] = "on"
    # Replace the existing loadings: delete them in the formset, then add the new ones.
    data["loadings-TOTAL_FORMS"] = len(current) + len(loadings)
    data["loadings-INITIAL_FORMS"] = len(current)
    for index, row in enumerate(current):
        data.update({f"loadings-{index}-id": row.pk, f"loadings-{index}-item": item.pk})
        data.update({f"loadings-{index}-dimension": row.dimension_id, f"loadings-{index}-weight": row.weight})
        data[f"loadings-{index}-DELETE"] = "on"
    for offset, (dimension, weight) in enumerate(loadings, start=len(current)):
        data.update({f"loadings-{offset}-item": item.pk, f"loadings-{offset}-dimension": dimension.pk})
        data[f"loadings-{offset}-weight"] = weight
    return data


def test_editor_sees_every_questionnaire_page(editor_client, snapshot):
    for path in ["dimension", "item", "roletarget", "tryout", "result", "snapshot"]:
        assert editor_client.get(f"/admin/fit/{path}/").status_code == 200, path
    index = editor_client.get("/admin/").content.decode()
    assert "Role-fit questionnaire" in index
    assert "Calibration" in index


def test_calibration_page_shows_the_stored_report(editor_client, snapshot, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # stored, not computed: a few queries, no programme solved
        html = editor_client.get("/admin/fit/snapshot/").content.decode()
    assert snapshot.version in html
    assert "Every role can come first" in html
    assert "How this is worked out (exactly, not by sampling)" in html
    assert "What 10,000 random answer sheets do" in html
    for row in snapshot.calibration["random"]["wins"]:
        assert row["name"] in html
    assert "side by side" in html and "little information" in html
    # Why each target is what it is, from the role profiles.
    assert "Why each target is what it is" in html
    reason = snapshot.content["roles"][0]["reasons"]["build"]
    assert reason.replace("'", "&#x27;") in html
    assert 'class="fit-drift"' not in html  # no share outside 10-30%
    assert "a band (strong, good, partial) instead of a number" in html


def test_the_calibration_page_turns_amber_when_a_share_drifts(editor_client, snapshot):
    report = snapshot.calibration
    report["random"]["wins"][0].update(share=0.41, drift="high")
    Snapshot.objects.filter(pk=snapshot.pk).update(calibration=report)
    html = editor_client.get("/admin/fit/snapshot/").content.decode()
    assert html.count('class="fit-drift"') == 1
    assert "41.0%" in html and "No: too often, a catch-all" in html


def edit_first_statement(editor_client):
    item = Item.objects.order_by("display_order").first()
    customer = Dimension.objects.get(slug="customer")
    return editor_client.post(
        f"/admin/fit/item/{item.pk}/change/",
        item_data(item, text="I enjoy explaining my work to people outside engineering.", loadings=[(customer, 1)]),
    )


def test_editing_a_statement_publishes_a_new_calibrated_snapshot(editor_client, snapshot):
    # The immediate task backend (development, and these tests): the calibration runs at once.
    response = edit_first_statement(editor_client)
    assert response.status_code == 302
    new = live()
    assert new.version != snapshot.version
    assert Snapshot.objects.count() == 2
    assert new.content["items"][0]["loadings"] == [["customer", 1]]
    assert "who_can_win" in new.calibration
    assert "I enjoy explaining my work" in editor_client.get("/fit/").content.decode()


@pytest.mark.parametrize("count", [0, 3])
def test_a_statement_loads_on_one_or_two_dimensions(editor_client, snapshot, count):
    item = Item.objects.order_by("display_order").first()
    dimensions = list(Dimension.objects.all()[:count])
    response = editor_client.post(
        f"/admin/fit/item/{item.pk}/change/", item_data(item, loadings=[(d, 1) for d in dimensions])
    )
    assert response.status_code == 200
    assert Loading.objects.filter(item=item).count() == 1
    assert live().version == snapshot.version


def test_a_long_statement_is_refused(editor_client, snapshot):
    item = Item.objects.order_by("display_order").first()
    text = " ".join(["word"] * 21)
    response = editor_client.post(f"/admin/fit/item/{item.pk}/change/", item_data(item, text=text))
    assert response.status_code == 200
    assert "Keep a statement to 20 words or fewer" in response.content.decode()


def test_editing_targets_in_the_list_publishes_once(editor_client, snapshot):
    targets = list(RoleTarget.objects.filter(role__slug="ml-engineer").order_by("dimension__display_order"))
    data = {"form-TOTAL_FORMS": len(targets), "form-INITIAL_FORMS": len(targets), "_save": "Save"}
    for index, target in enumerate(targets):
        data.update({f"form-{index}-id": target.pk, f"form-{index}-target": 1, f"form-{index}-reason": "Flat."})
    response = editor_client.post("/admin/fit/roletarget/?role__id__exact=" + str(targets[0].role_id), data)
    assert response.status_code == 302
    assert Snapshot.objects.count() == 2
    ml = next(role for role in live().content["roles"] if role["slug"] == "ml-engineer")
    assert set(ml["targets"].values()) == {1}


def test_a_target_outside_1_to_5_is_refused_by_the_database(snapshot):
    from django.db import IntegrityError, transaction

    target = RoleTarget.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleTarget.objects.filter(pk=target.pk).update(target=6)


def test_republishing_is_a_post_for_editors(editor_client, snapshot):
    assert editor_client.get("/admin/fit/snapshot/publish/").status_code == 405
    response = editor_client.post("/admin/fit/snapshot/publish/")
    assert response.status_code == 302
    assert Snapshot.objects.count() == 1  # nothing changed: the same version, published again


def test_results_are_read_only(editor_client, snapshot):
    editor_client.post(
        "/fit/", {"version": snapshot.version, **{f"i{i['id']}": "3" for i in snapshot.content["items"]}}
    )
    result = Result.objects.get()
    page = editor_client.get(f"/admin/fit/result/{result.pk}/change/").content.decode()
    assert "Save" not in page or 'name="_save"' not in page
    assert editor_client.post(f"/admin/fit/result/{result.pk}/delete/").status_code == 403
    visitor = type(editor_client)()
    assert visitor.get("/admin/fit/snapshot/").status_code == 302  # visitors go to the login page


def test_a_result_is_named_after_its_top_role_without_reading_its_snapshot(
    admin_client, snapshot, django_assert_num_queries
):
    sheets = [answers_of(persona, snapshot.content) for persona in PERSONAS[:2]] + [same_answers(snapshot, 5)]
    for answers in sheets:
        admin_client.post("/fit/", post_data(snapshot, answers))
    results = list(Result.objects.select_related("top_role").order_by("created_at"))
    with django_assert_num_queries(0):  # the delete page lists many results by name
        names = [str(result) for result in results]
    assert [name.split(" · ")[0] for name in names] == ["ML Engineer", "AI Engineer", "no role named"]
    page = admin_client.post(
        "/admin/fit/result/",
        {"action": "delete_selected", "_selected_action": [str(result.pk) for result in results]},
    )
    assert page.status_code == 200
    assert all(name in page.content.decode() for name in names)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def calibration_runs():
    return DBTaskResult.objects.filter(task_path="roles.fit.tasks.calibrate_snapshot")


# db_worker closes connections as a long-running worker does: commit for real, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_save_queues_the_calibration_and_the_page_says_running_until_the_worker_stores_it(
    editor_client, snapshot, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = timezone.now()
    assert edit_first_statement(editor_client).status_code == 302
    new = live()
    assert new.version != snapshot.version
    assert new.calibration is None  # the save did not compute it
    assert before <= new.calibration_started_at <= timezone.now()
    page = editor_client.get("/admin/fit/snapshot/").content.decode()
    assert "The calibration is running (started" in page
    assert "Can every role come first?" not in page
    assert "Compile and calibrate again" not in page

    # Saving the same content again, or asking again, while it runs: still one run.
    assert edit_first_statement(editor_client).status_code == 302
    assert editor_client.post("/admin/fit/snapshot/publish/").status_code == 302
    assert calibration_runs().count() == 1
    assert live().calibration_started_at == new.calibration_started_at

    run_worker()
    assert calibration_runs().get().status == "SUCCESSFUL"
    report = live().calibration
    assert {row["slug"] for row in report["who_can_win"]} == {role["slug"] for role in new.content["roles"]}
    page = editor_client.get("/admin/fit/snapshot/").content.decode()
    assert "The calibration is running (started" not in page
    assert "Can every role come first?" in page
    assert "What 10,000 random answer sheets do" in page
    # Asked again once the report is stored: nothing to run, the report stays.
    editor_client.post("/admin/fit/snapshot/publish/")
    assert calibration_runs().count() == 1
    assert live().calibration == report


@pytest.mark.django_db(transaction=True)
def test_a_calibration_whose_worker_died_can_be_started_again(editor_client, snapshot, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edit_first_statement(editor_client)
    calibration_runs().delete()  # the worker died with it
    started = live().calibration_started_at
    editor_client.post("/admin/fit/snapshot/publish/")
    assert not calibration_runs().exists()  # not yet: it might still be running

    Snapshot.objects.filter(pk=live().pk).update(calibration_started_at=started - CALIBRATION_TIMEOUT)
    page = editor_client.get("/admin/fit/snapshot/").content.decode()
    assert "stopped without one" in page
    assert "Compile and calibrate again" in page
    editor_client.post("/admin/fit/snapshot/publish/")
    assert calibration_runs().count() == 1
    run_worker()
    assert "who_can_win" in live().calibration


def test_a_calibration_that_fails_is_not_shown_as_running(editor_client, db):
    broken = Snapshot.objects.create(version="0" * 16, content={"dimensions": []}, published_at=timezone.now())
    assert services.start_calibration(snapshot=broken)  # the immediate backend runs it, and it fails
    broken.refresh_from_db()
    assert broken.calibration is None
    assert broken.calibration_started_at is None
    page = editor_client.get("/admin/fit/snapshot/").content.decode()
    assert "stopped without one" in page
    assert "Compile and calibrate again" in page
