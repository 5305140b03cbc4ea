"""Shared fixtures: factories live in tests/factories.py; browser fixtures in tests/browser/conftest.py."""

import fcntl
import io
import os
import tempfile
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.factories import ensure_editors_group

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


_mutation_slot = None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Under `make mutate`, each mutant's test run gets a database of its own.

    mutmut runs mutants in parallel forked processes; on one shared database their sample content
    would wait on each other's unique rows (and look like timeouts). Each process takes the first
    free slot (a lock held until it exits), so with --reuse-db a slot's database is made only once.
    """
    global _mutation_slot
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    from django.conf import settings

    base = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/") or "careerhub"
    for slot in range(16):
        handle = open(os.path.join(tempfile.gettempdir(), f"careerhub-mutation-slot-{slot}.lock"), "w")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _mutation_slot = handle
        for db in settings.DATABASES.values():
            db.setdefault("TEST", {})["NAME"] = f"test_{base}_mutant{slot}"
        return
    raise RuntimeError("no free mutation database slot")


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
