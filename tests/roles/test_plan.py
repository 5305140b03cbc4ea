"""My plan: started by a POST with no account, the URL is the key, a checklist with an estimate."""

import datetime
import io
import re
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certifications.models import RoleFit
from roles.plan.models import Plan, PlanStep
from tests.certifications.factories import make_certification, make_fit
from tests.factories import make_project, make_roadmap_step, make_role

START = reverse("plan:start")


@pytest.fixture
def role(db):
    role = make_role(name="ML Engineer", slug="ml-engineer")
    for order, (title, hours) in enumerate([("Python", 10), ("Statistics", 20), ("Models", 30), ("Serving", None)], 1):
        make_roadmap_step(role, order=order, title=title, hours=hours)
    make_project(role, order=1, title="Churn model", difficulty="starter")
    make_project(role, order=2, title="Feature store", difficulty="intermediate")
    make_project(role, order=3, title="Online learning", difficulty="advanced")
    make_fit(role, make_certification(name="ML Specialty"), kind=RoleFit.Kind.PRIMARY)
    return role


@pytest.fixture
def plan(role):
    return Plan.objects.create(role=role, hours_per_week=5)


def form_data(plan, statuses, hours=5):
    data = {"hours_per_week": hours}
    for step in plan.role.roadmap_steps.all():
        data[f"step-{step.pk}"] = statuses.get(step.title, "todo")
    return data


def test_start_my_plan_creates_a_plan_and_opens_it(client, role):
    response = client.post(START, {"role": "ml-engineer"})
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plan/{plan.pk}/"
    assert plan.role == role


@pytest.mark.parametrize("data", [{}, {"role": "no-such-role"}, {"role": "x" * 500}, {"role": "a\x00b"}])
def test_start_with_a_bad_role_answers_400_with_a_message(client, role, data):
    response = client.post(START, data)
    assert response.status_code == 400
    assert "role" in response.content.decode()
    assert not Plan.objects.exists()


def test_start_refuses_unpublished_roles_and_get(client, role):
    make_role(slug="draft-role", is_published=False)
    assert client.post(START, {"role": "draft-role"}).status_code == 400
    assert client.get(START).status_code == 405


def test_plan_page_shows_the_checklist_progress_and_estimate(client, plan, django_assert_num_queries):
    # The plan with its role, the steps, their resources, their statuses, the primary certification, the projects.
    with django_assert_num_queries(6):
        response = client.get(plan.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "0 of 4 steps done" in body
    assert "About <strong>60 hours</strong> left: about <strong>12 weeks</strong> at 5 hours a week." in body
    assert "1 step has no hour estimate yet" in body
    assert "ML Specialty" in body and "Churn model" in body
    assert "address is the key to your plan" in body


def test_plan_page_is_private_and_never_indexed(client, plan):
    response = client.get(plan.get_absolute_url())
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_plan_forms_refuse_cross_site_posts(client, plan):
    steps_before = list(plan.__class__.objects.values_list("pk", flat=True))
    response = client.post("/plan/", {"role": "ai-engineer"}, headers={"sec-fetch-site": "cross-site"})
    assert response.status_code == 403
    assert list(plan.__class__.objects.values_list("pk", flat=True)) == steps_before


def test_unknown_or_malformed_plan_ids_are_404(client, plan):
    assert client.get(f"/plan/{uuid.uuid4()}/").status_code == 404
    assert client.get("/plan/not-a-uuid/").status_code == 404
    assert client.get("/plan/1/").status_code == 404


def test_ticking_steps_updates_progress_and_weeks(client, plan):
    data = form_data(plan, {"Python": "done", "Statistics": "known", "Models": "todo", "Serving": "skip"}, hours=7)
    response = client.post(plan.get_absolute_url(), data)
    assert response.status_code == 303
    body = client.get(plan.get_absolute_url()).content.decode()
    assert "2 of 3 steps done" in body
    assert "About <strong>30 hours</strong> left: about <strong>5 weeks</strong> at 7 hours a week." in body
    assert dict(PlanStep.objects.values_list("step__title", "status")) == {
        "Python": "done",
        "Statistics": "known",
        "Serving": "skip",
    }
    # Two thirds done: the advanced project is next, no longer the starter one.
    assert "Online learning" in body and "Churn model" not in body


@pytest.mark.parametrize(
    ("hours", "message"),
    [("0", "at least 1"), ("81", "at most 80"), ("", "hours a week"), ("ten", "whole number")],
)
def test_bad_hours_answer_400_and_keep_the_plan(client, plan, hours, message):
    response = client.post(plan.get_absolute_url(), form_data(plan, {"Python": "done"}, hours=hours))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlanStep.objects.exists()


def test_a_bad_status_answers_400(client, plan):
    data = form_data(plan, {"Python": "finished"})
    assert client.post(plan.get_absolute_url(), data).status_code == 400


def test_role_page_has_a_start_my_plan_button(client, role):
    body = client.get(role.get_absolute_url()).content.decode()
    assert f'action="{START}"' in body and 'value="ml-engineer"' in body and "Start my plan" in body


def test_opening_a_plan_keeps_it_alive(client, plan):
    Plan.objects.filter(pk=plan.pk).update(touched_at=timezone.now() - datetime.timedelta(days=300))
    client.get(plan.get_absolute_url())
    plan.refresh_from_db()
    assert timezone.now() - plan.touched_at < datetime.timedelta(minutes=1)


def test_prune_deletes_plans_untouched_for_12_months(plan, role):
    old = Plan.objects.create(role=role)
    Plan.objects.filter(pk=old.pk).update(touched_at=timezone.now() - datetime.timedelta(days=366))
    out = io.StringIO()
    call_command("prune_plans", stdout=out)
    assert list(Plan.objects.all()) == [plan]
    assert "Deleted 1 plan" in out.getvalue()


def test_prune_dry_run_only_counts(plan):
    Plan.objects.filter(pk=plan.pk).update(touched_at=timezone.now() - datetime.timedelta(days=400))
    out = io.StringIO()
    call_command("prune_plans", "--dry-run", stdout=out)
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert "1 plan untouched for 12 months would be deleted." in out.getvalue()


def this_week(body):
    """The "This week" card's lines as plain text."""
    items = re.findall(r"data-this-week-step>(.*?)</li>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


@pytest.mark.parametrize(
    ("hours", "statuses", "expected"),
    [
        (5, {}, ["Python 5 of its 10 hours"]),
        (10, {}, ["Python the whole step, 10 hours"]),
        (15, {}, ["Python the whole step, 10 hours", "Statistics 5 of its 20 hours"]),
        (80, {}, ["Python the whole step, 10 hours", "Statistics finish it too, 20 hours"]),
        (
            40,
            {"Python": "done", "Statistics": "known"},
            ["Models the whole step, 30 hours", "Serving 10 hours (no estimate for the whole step yet)"],
        ),
    ],
)
def test_this_week_names_the_next_one_or_two_steps_at_the_visitors_hours(client, plan, hours, statuses, expected):
    client.post(plan.get_absolute_url(), form_data(plan, statuses, hours=hours))
    assert this_week(client.get(plan.get_absolute_url()).content.decode()) == expected


def test_a_finished_plan_has_no_this_week(client, plan):
    client.post(
        plan.get_absolute_url(), form_data(plan, dict.fromkeys(["Python", "Statistics", "Models", "Serving"], "done"))
    )
    assert 'id="this-week"' not in client.get(plan.get_absolute_url()).content.decode()


def test_each_steps_content_opens_on_the_plan_page(client, plan):
    body = client.get(plan.get_absolute_url()).content.decode()
    assert body.count('<summary class="small">What this step covers and where to learn it</summary>') == 4
    assert "<p>Do the thing.</p>" in body


def test_the_copy_link_button_waits_for_javascript(client, plan):
    body = client.get(plan.get_absolute_url()).content.decode()
    assert "data-copy-plan-url hidden>Copy link</button>" in body
    assert f"data-plan-url>http://testserver{plan.get_absolute_url()}</code>" in body
