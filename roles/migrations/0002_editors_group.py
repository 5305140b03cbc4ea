from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions

MODELS = [
    "role", "skillarea", "skilllevel", "comparisondimension", "dimensioncell",
    "curatedcomparison", "faq", "roadmapstep", "projectidea",
]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "roles", MODELS)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "roles", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
