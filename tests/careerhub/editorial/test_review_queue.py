"""The review queue on the admin index, and "Mark reviewed"."""

import datetime

import pytest
from django.utils import timezone
from reversion.models import Version

from careerhub.editorial.models import Draft
from tests.certifications.factories import make_certification, make_fact, make_source
from tests.factories import make_role

pytestmark = pytest.mark.django_db


def test_the_index_lists_what_needs_review_each_linked_to_its_change_page(editor_client, role):
    today = timezone.localdate()
    stale = make_role(name="Stale role", last_reviewed=today - datetime.timedelta(days=200))
    make_role(name="Fresh role", last_reviewed=today)
    old_facts = make_certification(name="Old facts cert")
    make_fact(old_facts, checked_on=today - datetime.timedelta(days=120), source=make_source(old_facts))
    broken = make_certification(name="Broken source cert")
    make_source(broken, needs_review=True)
    make_fact(broken, checked_on=today, source=broken.sources.get())
    soon = make_role(name="Soon role", is_published=False, publish_at=timezone.now() + datetime.timedelta(hours=2))
    Draft.objects.create(content_object=role, form_data={})

    page = editor_client.get("/admin/").content.decode()
    queue = page[page.index('id="review-queue"') :]
    assert f'href="/admin/roles/role/{stale.pk}/change/">Stale role</a>' in queue
    assert "Fresh role" not in queue
    assert f'href="/admin/certifications/certification/{old_facts.pk}/review/"' in queue
    assert f'href="/admin/certifications/certification/{broken.pk}/review/"' in queue
    assert f'href="/admin/roles/role/{role.pk}/change/">{role}</a>' in queue  # its draft
    assert f'href="/admin/roles/role/{soon.pk}/change/">Soon role</a>' in queue


def test_mark_reviewed_sets_the_date_leaves_the_queue_and_lands_in_history(editor_client, editor):
    stale = make_role(name="Stale role", last_reviewed=datetime.date(2025, 1, 1))
    response = editor_client.post(f"/admin/roles/role/{stale.pk}/mark-reviewed/", {"back_to": "index"})
    assert response.status_code == 302 and response.url == "/admin/"
    stale.refresh_from_db()
    assert stale.last_reviewed == timezone.localdate()
    assert "Stale role" not in editor_client.get("/admin/").content.decode().split('id="review-queue"')[1]
    version = Version.objects.get_for_object(stale).first()
    assert version.revision.user == editor and version.revision.get_comment() == "Marked as reviewed."


def test_certifications_are_reviewed_fact_by_fact_not_with_one_button(editor_client):
    certification = make_certification()
    make_fact(certification, source=make_source(certification))
    page = editor_client.get("/admin/").content.decode()
    queue = page[page.index('id="review-queue"') :]
    assert f'href="/admin/certifications/certification/{certification.pk}/review/"' in queue
    assert f"/admin/certifications/certification/{certification.pk}/mark-reviewed/" not in queue
    response = editor_client.post(f"/admin/certifications/certification/{certification.pk}/mark-reviewed/")
    assert response.status_code == 404
    assert certification.facts.get().checked_on is None


def test_mark_reviewed_answers_get_with_405(editor_client, role):
    assert editor_client.get(f"/admin/roles/role/{role.pk}/mark-reviewed/").status_code == 405
