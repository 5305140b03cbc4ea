"""Preview leaves the database as it was and reaches no cache; drafts go live only when published."""

import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from careerhub.editorial.models import Draft
from roles.models import Role
from tests.certifications.factories import make_certification, make_fact, make_source
from tests.roles.test_admin import form_data

from .conftest import change_url

pytestmark = pytest.mark.django_db


def edited_form(client, obj, **changes):
    data = form_data(client.get(change_url(obj)))
    data.update(changes)
    return data


def stored(obj, *relations):
    """What the database holds for ``obj`` (its fields, its rows in ``relations``), and every version,
    log entry and draft."""
    return {
        "fields": list(type(obj).objects.filter(pk=obj.pk).values()),
        **{name: list(getattr(obj, name).order_by("pk").values()) for name in relations},
        "versions": list(Version.objects.values_list("pk", flat=True)),
        "log entries": list(LogEntry.objects.values_list("pk", flat=True)),
        "drafts": list(Draft.objects.values_list("pk", flat=True)),
    }


def test_preview_renders_the_public_page_with_unsaved_values_and_keeps_nothing(
    editor_client, client, role, django_capture_on_commit_callbacks
):
    data = edited_form(
        editor_client,
        role,
        summary="A preview-only summary.",
        description="**Bold** new description.",
        **{
            "roadmap_steps-0-title": "A renamed step",
            "skill_levels-0-level": "2",
            "projects-0-skills": [],
            "roadmap_steps-TOTAL_FORMS": "2",
            "roadmap_steps-1-order": "2",
            "roadmap_steps-1-title": "A step only the preview has",
            "roadmap_steps-1-body": "Its body.",
        },
    )
    relations = ("skill_levels", "dimension_cells", "roadmap_steps", "projects")
    before, visitor_before = stored(role, *relations), client.get(role.get_absolute_url()).content
    project_skills = list(role.projects.values_list("pk", "skills"))
    with django_capture_on_commit_callbacks() as after_commit:
        response = editor_client.post(change_url(role).replace("/change/", "/form-preview/"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A preview-only summary." in page and "<strong>Bold</strong> new description." in page
    assert "A renamed step" in page and "A step only the preview has" in page
    # Nothing kept: the rows, history, log and drafts as they were, and nothing queued for a commit
    # (the page cache's second bump, the search index's rebuild).
    assert stored(role, *relations) == before
    assert list(role.projects.values_list("pk", "skills")) == project_skills
    assert after_commit == []
    assert "<strong>Preview</strong>" in page and '<meta name="robots" content="noindex">' in page
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["X-Robots-Tag"] == "noindex"
    visitor = client.get(role.get_absolute_url()).content
    assert visitor == visitor_before and b"Old summary." in visitor


def test_a_certification_preview_shows_unsaved_facts(editor_client):
    certification = make_certification(name="Azure AI Engineer", slug="ai-102")
    make_fact(certification, value="USD 165", source=make_source(certification))
    data = edited_form(editor_client, certification, **{"facts-0-value": "USD 180"})
    before = stored(certification, "facts", "sources", "domains", "role_fits")
    response = editor_client.post(change_url(certification).replace("/change/", "/form-preview/"), data)
    assert response.status_code == 200
    assert "USD 180" in response.content.decode()
    assert stored(certification, "facts", "sources", "domains", "role_fits") == before


def test_a_preview_of_an_invalid_form_says_what_to_fix(editor_client, role):
    data = edited_form(editor_client, role, spectrum_position="250")
    response = editor_client.post(change_url(role).replace("/change/", "/form-preview/"), data)
    assert response.status_code == 400
    assert "Spectrum position" in response.content.decode()


def test_preview_answers_get_with_405_and_unknown_ids_with_404(editor_client, role):
    assert editor_client.get(change_url(role).replace("/change/", "/form-preview/")).status_code == 405
    assert editor_client.post("/admin/roles/role/999999/form-preview/", {}).status_code == 404


def test_visitors_cannot_reach_a_preview(client, role):
    response = client.post(change_url(role).replace("/change/", "/form-preview/"), {"summary": "x"})
    assert response.status_code == 302 and "/login/" in response.url


def test_a_draft_waits_until_an_editor_publishes_it(editor_client, client, role):
    data = edited_form(editor_client, role, summary="The draft summary.")
    response = editor_client.post(change_url(role).replace("/change/", "/draft/"), data)
    assert response.status_code == 302
    assert Role.objects.get(pk=role.pk).summary == "Old summary."
    assert "The draft summary." not in client.get(role.get_absolute_url()).content.decode()
    change_page = editor_client.get(change_url(role)).content.decode()
    assert "A draft is waiting" in change_page

    preview = editor_client.get(change_url(role).replace("/change/", "/draft/preview/"))
    assert preview.status_code == 200, preview.content.decode()[-3000:]
    assert "The draft summary." in preview.content.decode()
    assert Role.objects.get(pk=role.pk).summary == "Old summary." and Draft.objects.count() == 1

    published = editor_client.post(change_url(role).replace("/change/", "/draft/publish/"))
    assert published.status_code == 302
    assert Role.objects.get(pk=role.pk).summary == "The draft summary."
    assert not Draft.objects.exists()
    assert Version.objects.get_for_object(role).count() == 2  # as it was, then the draft
    assert "The draft summary." in client.get(role.get_absolute_url()).content.decode()


def test_a_discarded_draft_leaves_the_live_role_alone(editor_client, role):
    data = edited_form(editor_client, role, summary="Never mind.")
    editor_client.post(change_url(role).replace("/change/", "/draft/"), data)
    assert editor_client.post(change_url(role).replace("/change/", "/draft/discard/")).status_code == 302
    assert not Draft.objects.exists() and Role.objects.get(pk=role.pk).summary == "Old summary."
