from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions

# Editors write the questionnaire (questions, answers, weights) and read the results;
# results are a visitor's record, so nobody edits them.
CONTENT = ["question", "choice", "choiceweight"]
RESULTS = ["result"]


def moved(apps):
    """True when run against a later state, after roles 0005 moved these models to the fit app."""
    return "question" not in apps.all_models["roles"]


def grant(apps, schema_editor):
    if moved(apps):
        return  # fit's 0003_editors grants them there
    grant_editor_permissions(apps, "roles", CONTENT)
    grant_editor_permissions(apps, "roles", RESULTS, actions=("view",))


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "roles", CONTENT)
    revoke_editor_permissions(apps, "roles", RESULTS, actions=("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_questionnaire"),
        ("roles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
