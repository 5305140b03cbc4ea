"""Shared fixtures: factories live in tests/factories.py; browser fixtures in tests/browser/conftest.py."""

import io
import os

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _keep_migration_data(request, django_db_setup, django_db_blocker):
    """Transactional tests (browser tests...) end by flushing the database, which deletes what data
    migrations created, such as the Editors group. With --reuse-db the next run would start without
    it, so snapshot the database now and put the snapshot back at the end of the session."""
    from django.contrib.auth.models import Group
    from django.db import connection

    from careerhub.permissions import EDITORS_GROUP

    with django_db_blocker.unblock():
        if not Group.objects.filter(name=EDITORS_GROUP).exists():
            pytest.exit("The kept test database lost its migration data: run once with --create-db.", returncode=2)
        snapshot = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        # Empty it without post_migrate (which would re-create content types with new ids), then restore.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(snapshot)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (rate-limit counters live there), whatever the backend."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sample_content(db):
    """The full sample content, as `make run` loads it."""
    call_command("load_sample_content", stdout=io.StringIO())


@pytest.fixture
def editor(db, django_user_model):
    """A staff user in the Editors group (not a superuser)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("ed", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
