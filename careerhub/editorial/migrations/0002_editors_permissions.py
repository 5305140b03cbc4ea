from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions


def grant(apps, schema_editor):
    # Editors read and discard drafts; drafts are made from a change form, never added by hand.
    grant_editor_permissions(apps, "editorial", ["draft"], actions=("view", "delete"))


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "editorial", ["draft"], actions=("view", "delete"))


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, revoke)]
