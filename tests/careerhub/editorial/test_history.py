"""History with field differences and revert, for each model family, through the admin."""

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from reversion.models import Version

from careerhub.editorial.admin import EditorialAdmin
from certifications.models import Certification, Fact, Provider
from roles.models import RoadmapStep, Role, SkillLevel
from tests.certifications.factories import make_certification, make_fact, make_provider, make_source
from tests.roles.test_admin import form_data

from .conftest import change_url

pytestmark = pytest.mark.django_db


def save(client, obj, **changes):
    """Open the change form, apply ``changes`` (field name -> value, or None to drop), press Save."""
    data = form_data(client.get(change_url(obj)))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def history(client, obj):
    response = client.get(change_url(obj).replace("/change/", "/history/"))
    assert response.status_code == 200
    return response


def test_every_admin_save_is_a_version_with_who_and_the_values(editor_client, editor, role):
    save(editor_client, role)
    save(editor_client, role, summary="Ships products on top of existing models.")
    versions = Version.objects.get_for_object(role)
    assert versions.count() == 3  # the state before the first edit, then two saves
    latest = versions.first()
    assert latest.revision.user == editor
    assert latest.field_dict["summary"] == "Ships products on top of existing models."


def test_history_shows_old_and_new_values_and_a_word_diff_for_long_text(editor_client, role):
    save(editor_client, role)
    save(
        editor_client,
        role,
        summary="New summary.",
        description="Builds dependable products on models.",
        **{"roadmap_steps-0-title": "Learn the SDK"},
    )
    page = history(editor_client, role).content.decode()
    assert "Old summary. → New summary." in page
    assert "Builds<ins> dependable</ins> products" in page
    assert "Roadmap step “AI Engineer: 1. Learn the SDK” changed" in page
    assert "Learn the API → Learn the SDK" in page
    assert "does not bring back certification fits" in page  # says what a revert leaves


def test_reverting_a_role_brings_back_its_text_skill_levels_steps_and_projects(editor_client, client, role):
    save(
        editor_client,
        role,
        summary="A summary nobody wanted.",
        **{"skill_levels-0-level": "1", "roadmap_steps-0-DELETE": "on", "projects-0-title": "Renamed project"},
    )
    assert not RoadmapStep.objects.filter(role=role).exists()
    first = Version.objects.get_for_object(role).last()  # recorded before that first edit
    assert first.revision.get_comment() == "As it was before the first recorded change."

    revert_url = f"/admin/roles/role/{role.pk}/history/{first.pk}/"
    confirm = editor_client.get(revert_url)
    assert confirm.status_code == 200  # the confirmation page: the old values in the form, nothing saved yet
    assert Role.objects.get(pk=role.pk).summary == "A summary nobody wanted."
    assert b"Old summary." in confirm.content

    assert editor_client.post(revert_url, form_data(confirm)).status_code == 302
    role.refresh_from_db()
    assert role.summary == "Old summary."
    assert SkillLevel.objects.get(role=role).level == 4
    assert list(RoadmapStep.objects.filter(role=role).values_list("title", flat=True)) == ["Learn the API"]
    assert list(role.projects.values_list("title", flat=True)) == ["A support bot"]
    assert Version.objects.get_for_object(role).count() == 3  # the revert is itself a version
    assert "Reverted to previous version" in Version.objects.get_for_object(role).first().revision.get_comment()
    assert b"Old summary." in client.get(role.get_absolute_url()).content  # visitors see it


def test_reverting_a_certification_brings_back_its_facts(editor_client):
    certification = make_certification(name="Azure AI Engineer", slug="ai-102")
    source = make_source(certification)
    make_fact(certification, value="USD 165", source=source)
    save(editor_client, certification, summary="Changed.", **{"facts-0-value": "USD 999"})
    first = Version.objects.get_for_object(certification).last()
    assert Fact.objects.get(certification=certification).value == "USD 999"
    assert "USD 165 → USD 999" in history(editor_client, certification).content.decode()

    revert_url = f"/admin/certifications/certification/{certification.pk}/history/{first.pk}/"
    assert editor_client.post(revert_url, form_data(editor_client.get(revert_url))).status_code == 302
    assert Fact.objects.get(certification=certification).value == "USD 165"
    assert Certification.objects.get(pk=certification.pk).summary != "Changed."


def test_providers_and_changelog_entries_have_history_too(editor_client):
    provider = make_provider(name="Microsoft", slug="microsoft")
    save(editor_client, provider)
    save(editor_client, provider, name="Microsoft Learn")
    assert "Microsoft → Microsoft Learn" in history(editor_client, Provider.objects.get()).content.decode()


def test_personal_data_history_is_for_superusers_only(editor, admin_user, role):
    model_admin = EditorialAdmin(Role, admin.site)
    model_admin.personal_data = True
    request = RequestFactory().get("/")
    request.user = editor
    with pytest.raises(PermissionDenied):
        model_admin.history_view(request, str(role.pk))
    with pytest.raises(PermissionDenied):
        model_admin.revision_view(request, str(role.pk), "1")
    request.user = admin_user
    assert model_admin.has_history_permission(request)


def test_subscribers_are_not_versioned():
    import reversion

    from newsletter.models import Subscriber

    assert not reversion.is_registered(Subscriber)


def test_line_endings_alone_are_not_shown_as_a_change():
    from careerhub.editorial.diff import field_changes

    changes = field_changes(
        Role, {"typical_week": "- a\n- b", "summary": "x"}, {"typical_week": "- a\r\n- b", "summary": "y"}
    )
    assert [change["label"] for change in changes] == ["summary"]


def test_publishing_from_the_list_lands_in_history(editor_client, editor, role):
    Role.objects.filter(pk=role.pk).update(is_published=False)
    response = editor_client.post("/admin/roles/role/", {"action": "publish", "_selected_action": [role.pk]})
    assert response.status_code == 302
    assert Role.objects.get(pk=role.pk).is_published
    latest = Version.objects.get_for_object(role).first()
    assert latest.revision.get_comment() == "Published." and latest.revision.user == editor
    assert latest.field_dict["is_published"] is True
