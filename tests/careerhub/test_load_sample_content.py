import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from reversion.models import Version

from certifications.models import Certification
from roles.models import Role

pytestmark = pytest.mark.django_db


def test_sample_content_starts_with_a_first_history_version(sample_content):
    for obj in (Role.objects.get(slug="ai-engineer"), Certification.objects.get(slug="ai-102")):
        versions = Version.objects.get_for_object(obj)
        assert versions.count() == 1
        assert versions.get().revision.comment == "Sample content loaded."


def test_loading_again_adds_no_history_to_content_already_there(sample_content):
    role = Role.objects.get(slug="ai-engineer")
    call_command("load_sample_content", stdout=io.StringIO())
    assert Version.objects.get_for_object(role).count() == 1


def test_the_sample_content_fixture_gives_back_exactly_what_the_command_loads():
    """tests/conftest.py keeps the command's rows and inserts them again for later tests."""
    from tests import conftest

    with transaction.atomic():
        kept = conftest._load_and_keep()
        loaded = every_row()
        transaction.set_rollback(True)
    assert every_row() != loaded
    with transaction.atomic():
        conftest._restore(kept)
    assert every_row() == loaded


def every_row():
    """Every table's rows, leaving out the times a save stamps (auto_now): both ways stamp "now"."""
    return {
        model._meta.label: sorted(map(repr, model._base_manager.values_list(*unstamped_fields(model))))
        for model in apps.get_models(include_auto_created=True)
    }


def unstamped_fields(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    ]
