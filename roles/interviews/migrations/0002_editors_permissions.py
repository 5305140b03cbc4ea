from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions

MODELS = ["interviewguide", "interviewstage", "interviewquestion"]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "interviews", MODELS)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "interviews", MODELS)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, revoke)]
