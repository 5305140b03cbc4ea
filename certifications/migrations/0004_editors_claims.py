from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions

MODELS = ["fact", "domainweight"]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "certifications", MODELS)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "certifications", MODELS)


class Migration(migrations.Migration):
    dependencies = [("certifications", "0003_catalogue_v2")]

    operations = [migrations.RunPython(grant, revoke)]
