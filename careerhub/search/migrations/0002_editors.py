from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions


def grant(apps, schema_editor):
    # Editors read what visitors searched for in vain, and may clear entries they have dealt with.
    grant_editor_permissions(apps, "search", ["missedquery"], actions=("view", "delete"))


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "search", ["missedquery"], actions=("view", "delete"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
