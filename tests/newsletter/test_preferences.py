"""Preferences without a login: lanes from the signed link in every email, and issues cut to them."""

import re

import pytest
from django.core import mail
from django.core.signing import Signer

from newsletter.models import (
    PREFERENCES_SALT,
    SectionLane,
    Subscriber,
    WelcomeEmail,
)
from newsletter.services import preferences, sending
from tests.factories import make_role

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    return {
        slug: make_role(name=name, slug=slug)
        for slug, name in [("ml", "ML Engineer"), ("ai", "AI Engineer"), ("gen", "GenAI Developer")]
    }


def mark(issue, section, *roles):
    for role in roles:
        SectionLane.objects.create(issue=issue, section=section, role=role)


def test_the_page_lists_the_roles_and_saves_the_choice(client, roles, django_assert_num_queries):
    subscriber = make_subscriber()
    path = subscriber.preferences_path()
    # The subscriber, the roles, their current lanes, their watches, the certifications to watch,
    # their courses and the open courses.
    with django_assert_num_queries(7):
        page = client.get(path)
    assert page.status_code == 200
    for role in roles.values():
        assert role.name in page.content.decode()
    response = client.post(path, {"lanes": [roles["ml"].pk, roles["gen"].pk]})
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    assert set(subscriber.lanes.values_list("slug", flat=True)) == {"ml", "gen"}
    html = response.content.decode()
    assert re.search(rf'value="{roles["ml"].pk}"[^>]*checked', html)
    assert not re.search(rf'value="{roles["ai"].pk}"[^>]*checked', html)
    client.post(path, {})  # none ticked: every part again
    assert not subscriber.lanes.exists()


@pytest.mark.parametrize(
    "token",
    [
        lambda s: s.preferences_token[:-2] + "xx",
        lambda s: s.unsubscribe_token,
        lambda s: Signer(salt="something else").sign(s.key.hex),
        lambda s: "garbage",
    ],
    ids=["tampered", "unsubscribe token", "other salt", "garbage"],
)
def test_a_forged_or_tampered_link_is_404(client, token):
    subscriber = make_subscriber()
    assert client.get(f"/newsletter/preferences/{token(subscriber)}/").status_code == 404
    assert client.post(f"/newsletter/preferences/{token(subscriber)}/", {}).status_code == 404


def test_a_signed_link_for_a_deleted_subscriber_is_404(client):
    import uuid

    token = Signer(salt=PREFERENCES_SALT).sign(uuid.uuid4().hex)
    assert client.get(f"/newsletter/preferences/{token}/").status_code == 404


def test_an_unknown_lane_gets_a_clear_400(client, roles):
    subscriber = make_subscriber()
    response = client.post(subscriber.preferences_path(), {"lanes": ["999999", "x"]})
    assert response.status_code == 400
    assert "Pick from the roles listed." in response.content.decode()
    assert not subscriber.lanes.exists()


def test_unsubscribing_from_the_preferences_page(client):
    subscriber = make_subscriber()
    page = client.get(subscriber.preferences_path()).content.decode()
    assert f'action="{subscriber.unsubscribe_path()}"' in page
    client.post(subscriber.unsubscribe_path())
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert "is unsubscribed" in client.get(subscriber.preferences_path()).content.decode()


def test_every_email_carries_the_subscribers_own_preferences_link(client, smtp, django_capture_on_commit_callbacks):

    WelcomeEmail.objects.create(subject="Welcome aboard", body="Hello.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/subscribe/", {"email": "ada@example.com", "source": "page"})
    subscriber = Subscriber.objects.get()
    confirm = re.search(
        r"/newsletter/confirm/[^/\s>]+/", smtp.messages[0]["message"].get_body(("plain",)).get_content()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm.group(0))
    sending.start_sending(issue=make_issue())
    sending.send_pending_deliveries(issue_id=sending.Issue.objects.get().pk)
    assert len(smtp.messages) == 3  # confirmation, welcome, issue
    for message in smtp.messages:
        text = message["message"].get_body(("plain",)).get_content()
        html = message["message"].get_body(("html",)).get_content()
        assert "/newsletter/preferences/" + subscriber.preferences_token + "/" in text
        assert "/newsletter/preferences/" + subscriber.preferences_token + "/" in html


def test_a_subscriber_gets_the_parts_of_their_lanes_plus_the_general_ones(smtp, roles):
    issue = make_issue(
        concept="CONCEPT", architecture="ARCHITECTURE", project_idea="PROJECT", interview_question="QUESTION"
    )
    mark(issue, "concept", roles["ml"])
    mark(issue, "architecture", roles["ai"], roles["gen"])
    readers = {
        "ml": make_subscriber(email="ml@example.com"),
        "gen": make_subscriber(email="gen@example.com"),
        "both": make_subscriber(email="both@example.com"),
        "all": make_subscriber(email="all@example.com"),
    }
    readers["ml"].lanes.set([roles["ml"]])
    readers["gen"].lanes.set([roles["gen"]])
    readers["both"].lanes.set([roles["ml"], roles["ai"]])
    sending.start_sending(issue=issue)
    sending.send_pending_deliveries(issue_id=issue.pk)
    got = {}
    for message in smtp.messages:
        text = message["message"].get_body(("plain",)).get_content()
        got[message["envelope_to"][0]] = {
            part for part in ["CONCEPT", "ARCHITECTURE", "PROJECT", "QUESTION"] if part in text
        }
    assert got == {
        "ml@example.com": {"CONCEPT", "PROJECT", "QUESTION"},
        "gen@example.com": {"ARCHITECTURE", "PROJECT", "QUESTION"},
        "both@example.com": {"CONCEPT", "ARCHITECTURE", "PROJECT", "QUESTION"},
        "all@example.com": {"CONCEPT", "ARCHITECTURE", "PROJECT", "QUESTION"},
    }


def test_the_admin_marks_parts_for_lanes_and_previews_each_lane(editor_client, roles):
    issue = make_issue(concept="CONCEPT", architecture="ARCHITECTURE")
    data = {
        **{name: getattr(issue, name) for name in ["number", "title", "preheader", "concept", "architecture"]},
        "project_idea": issue.project_idea,
        "interview_question": issue.interview_question,
        "is_published": "on",
        "scheduled_for_0": "",
        "scheduled_for_1": "",
        "concept_lanes": [roles["ml"].pk],
    }
    response = editor_client.post(f"/admin/newsletter/issue/{issue.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(issue.section_lanes.values_list("section", "role__slug")) == [("concept", "ml")]
    preview = f"/admin/newsletter/issue/{issue.pk}/preview/"
    everyone = editor_client.get(preview).context["email"].text
    gen_readers = editor_client.get(preview, {"lane": roles["gen"].pk}).context["email"].text
    ml_readers = editor_client.get(preview, {"lane": roles["ml"].pk}).context["email"].text
    assert "CONCEPT" in everyone and "CONCEPT" in ml_readers and "CONCEPT" not in gen_readers
    assert all("ARCHITECTURE" in text for text in [everyone, gen_readers, ml_readers])
    assert editor_client.get(preview, {"lane": "nonsense"}).status_code == 200  # shows everyone's
    assert mail.outbox == []


@pytest.mark.django_db
def test_lanes_are_offered_in_the_sites_role_order_then_by_name():
    make_role(name="Zeta Engineer", display_order=1)
    make_role(name="Beta Engineer", display_order=2)
    make_role(name="Alpha Engineer", display_order=2)
    make_role(name="Draft Engineer", display_order=0, is_published=False)
    assert [role.name for role in preferences.lane_choices()] == ["Zeta Engineer", "Alpha Engineer", "Beta Engineer"]


@pytest.mark.django_db
def test_a_refused_preferences_form_does_not_say_saved(client):
    response = client.post(make_subscriber().preferences_path(), {"lanes": ["999999"]})
    assert response.status_code == 400
    assert "Saved." not in response.content.decode()
