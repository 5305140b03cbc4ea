"""Newsletter issues in the editors' history and preview: who changed what, revert, a preview that keeps nothing."""

import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from newsletter.models import Issue
from tests.roles.test_admin import form_data

from .factories import make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(db):
    return make_issue(title="The original title", concept="The original concept.")


def change_url(issue):
    return f"/admin/newsletter/issue/{issue.pk}/change/"


def test_an_issue_preview_shows_the_unsaved_page_and_keeps_nothing(editor_client, issue):
    data = form_data(editor_client.get(change_url(issue)))
    data.update(title="A title only the preview has", concept="A **bold** unsaved concept.")
    before = list(Issue.objects.values()), Version.objects.count(), LogEntry.objects.count()
    response = editor_client.post(f"/admin/newsletter/issue/{issue.pk}/form-preview/", data)
    assert response.status_code == 200
    assert (list(Issue.objects.values()), Version.objects.count(), LogEntry.objects.count()) == before
    page = response.content.decode()
    assert "A title only the preview has" in page and "<strong>bold</strong>" in page
    assert "<strong>Preview</strong>" in page
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_an_issue_edit_is_in_its_history_and_can_be_reverted(editor_client, issue):
    data = form_data(editor_client.get(change_url(issue)))
    data.update(title="A title nobody wanted")
    assert editor_client.post(change_url(issue), data).status_code == 302
    history = editor_client.get(f"/admin/newsletter/issue/{issue.pk}/history/").content.decode()
    assert "The original title" in history and "A title nobody wanted" in history

    first = Version.objects.get_for_object(issue).last()
    revert_url = f"/admin/newsletter/issue/{issue.pk}/history/{first.pk}/"
    assert editor_client.post(revert_url, form_data(editor_client.get(revert_url))).status_code == 302
    assert Issue.objects.get(pk=issue.pk).title == "The original title"
    assert Version.objects.get_for_object(issue).count() == 3  # the revert is itself a version


def test_subscribers_stay_out_of_content_history(editor_client, issue):
    from django.contrib.contenttypes.models import ContentType

    from newsletter.models import Subscriber

    data = form_data(editor_client.get(change_url(issue)))
    data.update(title="Edited once")
    editor_client.post(change_url(issue), data)
    assert Version.objects.filter(content_type=ContentType.objects.get_for_model(Subscriber)).count() == 0
