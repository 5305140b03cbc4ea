from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions

MODELS = ["phrase", "laneweight"]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "postings", MODELS)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "postings", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0001_initial"),
        ("roles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
