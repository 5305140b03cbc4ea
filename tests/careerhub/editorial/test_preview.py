"""Preview writes nothing and reaches no cache; drafts go live only when published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from careerhub.editorial.models import Draft
from roles.models import Role
from tests.certifications.factories import make_certification, make_fact, make_source
from tests.roles.test_admin import form_data

from .conftest import change_url

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


def edited_form(client, obj, **changes):
    data = form_data(client.get(change_url(obj)))
    data.update(changes)
    return data


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_preview_renders_the_public_page_with_unsaved_values_and_writes_nothing(editor_client, client, role):
    data = edited_form(
        editor_client,
        role,
        summary="A preview-only summary.",
        description="**Bold** new description.",
        **{"roadmap_steps-0-title": "A renamed step", "skill_levels-0-level": "2"},
    )
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.post(change_url(role).replace("/change/", "/form-preview/"), data)
    assert response.status_code == 200
    assert writes(queries.captured_queries) == []
    page = response.content.decode()
    assert "A preview-only summary." in page and "<strong>Bold</strong> new description." in page
    assert "A renamed step" in page
    assert "<strong>Preview</strong>" in page and '<meta name="robots" content="noindex">' in page
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["X-Robots-Tag"] == "noindex"
    role.refresh_from_db()
    assert role.summary == "Old summary."
    assert not Version.objects.get_for_object(role).exists()
    visitor = client.get(role.get_absolute_url()).content.decode()
    assert "A preview-only summary." not in visitor and "Old summary." in visitor


def test_a_certification_preview_shows_unsaved_facts(editor_client):
    certification = make_certification(name="Azure AI Engineer", slug="ai-102")
    make_fact(certification, value="USD 165", source=make_source(certification))
    data = edited_form(editor_client, certification, **{"facts-0-value": "USD 180"})
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.post(change_url(certification).replace("/change/", "/form-preview/"), data)
    assert response.status_code == 200 and writes(queries.captured_queries) == []
    assert "USD 180" in response.content.decode()


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
