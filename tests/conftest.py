"""Shared fixtures: factories live in tests/factories.py; browser fixtures in tests/browser/conftest.py."""

import io
import os

import pytest
from django.core.management import call_command

from tests.factories import ensure_editors_group

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page, rate-limit count or generation carried over."""
    from django.core.cache import caches

    from newsletter.ratelimit import local_windows

    for store in (*caches.all(), local_windows):
        store.clear()
    yield
    for store in (*caches.all(), local_windows):
        store.clear()


@pytest.fixture
def sample_content(db):
    """The full sample content, as `make run` loads it."""
    call_command("load_sample_content", stdout=io.StringIO())


@pytest.fixture
def editor(db, django_user_model):
    """A staff user in the Editors group (not a superuser)."""
    user = django_user_model.objects.create_user("ed", password="a-long-test-password", is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
