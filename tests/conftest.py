"""Shared fixtures: factories live in tests/factories.py; browser fixtures in tests/browser/conftest.py."""

import io
import os
import typing

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

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
    """The full sample content, as `make run` loads it.

    The command takes seconds (it calibrates the questionnaire and records history), and over a
    hundred tests ask for it, so the first of them in a session runs it and keeps the rows it
    added; the rest get the same rows back with one bulk insert per table.
    """
    global _sample_rows
    with transaction.atomic():  # foreign keys are checked once, at the end
        if _sample_rows is None:
            _sample_rows = _load_and_keep()
        else:
            _restore(_sample_rows)


_sample_rows = None


class NaturalKey(typing.NamedTuple):
    key: tuple


def _tables():
    return [model for model in apps.get_models(include_auto_created=True) if model._meta.managed]


def _load_and_keep():
    """Run the command; return, per table, the rows it added (links to older rows by natural key)."""
    before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()}
    call_command("load_sample_content", stdout=io.StringIO())
    kept = {}
    for model, old in before.items():
        rows = [row for row in model._base_manager.all() if row.pk not in old]
        if rows:
            kept[model] = [_row_values(row, model, before) for row in rows]
    return kept


def _row_values(row, model, before):
    values = {}
    for field in model._meta.concrete_fields:
        value = getattr(row, field.attname)
        if field.is_relation and value is not None and value in before.get(field.related_model, ()):
            # A row made by migrate (a content type, a group): flushes remake those under new keys.
            value = NaturalKey(getattr(row, field.name).natural_key())
        values[field.attname] = value
    return values


def _restore(kept):
    for model, rows in kept.items():
        model._base_manager.bulk_create([model(**_resolve(model, values)) for values in rows])


def _resolve(model, values):
    resolved = dict(values)
    for field in model._meta.concrete_fields:
        value = values[field.attname]
        if isinstance(value, NaturalKey):
            resolved[field.attname] = field.related_model._default_manager.get_by_natural_key(*value.key).pk
    return resolved


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
