import io

import pytest
from django.core.management import call_command
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
