"""Scheduled publishing runs with nobody at the keyboard: through db_worker, or the cron command."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from roles.models import Role
from tests.certifications.factories import make_certification
from tests.factories import make_role

# db_worker closes connections as a long-running worker does: commit for real, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def test_the_worker_publishes_and_unpublishes_what_is_due_and_the_page_cache_learns(client):
    past = timezone.now() - datetime.timedelta(seconds=30)
    waiting = make_role(slug="waiting", is_published=False, publish_at=past)
    leaving = make_role(slug="leaving", is_published=True, unpublish_at=past)
    later = make_role(slug="later", is_published=False, publish_at=past + datetime.timedelta(hours=1))
    certification = make_certification(slug="ai-200", is_published=False, publish_at=past)
    assert client.get(leaving.get_absolute_url()).status_code == 200  # now in the page cache
    assert client.get(waiting.get_absolute_url()).status_code == 404

    call_command("publish_scheduled", "--enqueue", stdout=io.StringIO())
    run_worker()

    waiting.refresh_from_db(), leaving.refresh_from_db(), later.refresh_from_db(), certification.refresh_from_db()
    assert waiting.is_published and waiting.publish_at is None
    assert not leaving.is_published and leaving.unpublish_at is None
    assert not later.is_published and later.publish_at is not None
    assert certification.is_published
    assert client.get(waiting.get_absolute_url()).status_code == 200
    assert client.get(leaving.get_absolute_url()).status_code == 404  # the cached copy is gone
    comment = Version.objects.get_for_object(waiting).first().revision.get_comment()
    assert comment == "Published as scheduled."


def test_the_cron_command_applies_the_schedule_itself():
    role = make_role(is_published=False, publish_at=timezone.now() - datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    assert f"{role}: published" in out.getvalue()
    assert Role.objects.get(pk=role.pk).is_published


def test_unpublish_before_publish_is_refused_by_the_database():
    from django.db import IntegrityError

    now = timezone.now()
    with pytest.raises(IntegrityError):
        make_role(publish_at=now, unpublish_at=now - datetime.timedelta(hours=1))
