"""Roadmap steps with substance: what each covers, when it is done, where to learn it (checked addresses),
shown the same way, with the same hours, on the role page, the path pages and the plan."""

import datetime
import re

import pytest
from reversion.models import Version

from roles.models import ROADMAP_HOURS_PER_WEEK, RoadmapStep, StepResource
from roles.plan.models import Plan
from tests.factories import make_roadmap_step, make_role
from tests.roles.test_admin import form_data

pytestmark = pytest.mark.django_db

CHECKED = datetime.date(2026, 12, 4)


@pytest.fixture
def role(db):
    role = make_role(name="ML Engineer", slug="ml-engineer")
    first = make_roadmap_step(
        role,
        order=1,
        title="Classical ML",
        hours=50,
        duration="5 weeks",
        covers="Cross-validation\nLeakage",
        done_when="You can explain a leak you found\nYour baseline beats a dummy model",
    )
    StepResource.objects.create(
        step=first,
        order=1,
        label="Cross-validation, in the user guide",
        url="https://scikit-learn.org/stable/modules/cross_validation.html",
        kind=StepResource.Kind.DOCS,
        page_title="Cross-validation: evaluating estimator performance",
        checked_on=CHECKED,
    )
    make_roadmap_step(role, order=2, title="Serve a model", hours=25, duration="2-3 weeks")
    return role


def test_role_page_shows_what_each_step_covers_when_it_is_done_and_where_to_learn_it(client, role):
    body = client.get(role.get_absolute_url()).content.decode()
    assert "<li>Cross-validation</li>" in body and "<li>Leakage</li>" in body
    assert "<li>Your baseline beats a dummy model</li>" in body
    assert 'href="https://scikit-learn.org/stable/modules/cross_validation.html"' in body
    assert "Official documentation, scikit-learn.org, checked 4 Dec 2026" in body


def test_role_page_states_the_hours_a_week_its_weeks_assume_and_the_total(client, role):
    body = client.get(role.get_absolute_url()).content.decode()
    assert f"the weeks assume {ROADMAP_HOURS_PER_WEEK} hours of study a week" in body
    assert "the whole roadmap is about 75 hours" in body
    assert re.findall(r'data-step-hours="(\d+)"', body) == ["50", "25"]


def test_plan_opens_a_steps_resources_in_place_and_in_a_new_tab(client, role):
    plan = Plan.objects.create(role=role, hours_per_week=5)
    body = client.get(plan.get_absolute_url()).content.decode()
    start = body.index('<details class="plan-step-details')
    details = body[start : body.index("</details>", start)]
    assert "Your baseline beats a dummy model" in details
    assert 'href="https://scikit-learn.org/stable/modules/cross_validation.html" rel="noopener" target="_blank"' in (
        details
    )
    # The plan counts the same hours as the role page.
    assert "50 hours" in body and "25 hours" in body


def test_a_step_without_substance_shows_no_empty_headings(client, role):
    body = client.get(role.get_absolute_url()).content.decode()
    second = body[body.index('id="step-2"') :]
    second = second[: second.index("</li>")]
    assert "Done when" not in second and "Learn it from" not in second


def test_resources_show_in_the_order_editors_give_them(client, role):
    step = role.roadmap_steps.get(order=1)
    StepResource.objects.create(
        step=step, order=0, label="First of all", url="https://example.org/a", page_title="A", checked_on=CHECKED
    )
    body = client.get(role.get_absolute_url()).content.decode()
    assert body.index("First of all") < body.index("Cross-validation, in the user guide")


def test_editor_adds_a_resource_on_the_steps_page_and_it_is_in_the_history(editor_client, role):
    step = role.roadmap_steps.get(order=1)
    url = f"/admin/roles/roadmapstep/{step.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200 and 'name="resources-TOTAL_FORMS"' in page.content.decode()
    data = {
        "role": role.pk,
        "order": 1,
        "title": step.title,
        "body": step.body,
        "duration": step.duration,
        "hours": 50,
        "covers": step.covers,
        "done_when": step.done_when,
        "resources-TOTAL_FORMS": 2,
        "resources-INITIAL_FORMS": 1,
        "resources-0-id": step.resources.get().pk,
        "resources-0-step": step.pk,
        "resources-0-order": 1,
        "resources-0-label": "Cross-validation, in the user guide",
        "resources-0-url": "https://scikit-learn.org/stable/modules/cross_validation.html",
        "resources-0-kind": "docs",
        "resources-0-page_title": "Cross-validation: evaluating estimator performance",
        "resources-0-checked_on": "2026-12-04",
        "resources-1-step": step.pk,
        "resources-1-order": 2,
        "resources-1-label": "Pipelines, in the user guide",
        "resources-1-url": "https://scikit-learn.org/stable/modules/compose.html",
        "resources-1-kind": "docs",
        "resources-1-page_title": "Pipelines and composite estimators",
        "resources-1-checked_on": "2026-12-04",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert list(step.resources.values_list("label", flat=True)) == [
        "Cross-validation, in the user guide",
        "Pipelines, in the user guide",
    ]
    added = StepResource.objects.get(label="Pipelines, in the user guide")
    assert Version.objects.get_for_object(added).exists()
    assert Version.objects.get_for_object(RoadmapStep.objects.get(pk=step.pk)).exists()


def test_a_roles_history_keeps_its_steps_resources_so_a_revert_brings_them_back(editor_client, role):
    url = f"/admin/roles/role/{role.pk}/change/"
    response = editor_client.post(url, form_data(editor_client.get(url)))
    assert response.status_code == 302
    revision = Version.objects.get_for_object(role).first().revision
    kept = {version.object_repr for version in revision.version_set.all()}
    assert "Cross-validation, in the user guide" in kept
