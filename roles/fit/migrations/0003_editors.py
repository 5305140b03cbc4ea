from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions

# Editors write the questionnaire and read its calibration and results; the first
# questionnaire's content is kept read-only, so its grants shrink to viewing.
CONTENT = ["dimension", "item", "loading", "roletarget", "tryout"]
# Results and the first questionnaire's views came over from roles (0004); granting them again
# keeps this migration complete on its own.
READ_ONLY = ["snapshot", "result"]
FIRST_QUESTIONNAIRE = ["question", "choice", "choiceweight"]
WRITE = ("add", "change", "delete")


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "fit", CONTENT)
    grant_editor_permissions(apps, "fit", READ_ONLY, actions=("view",))
    if "question" in apps.all_models["fit"]:  # not when run against a state after 0005 deleted them
        grant_editor_permissions(apps, "fit", FIRST_QUESTIONNAIRE, actions=("view",))
        revoke_editor_permissions(apps, "fit", FIRST_QUESTIONNAIRE, actions=WRITE)


def revoke(apps, schema_editor):
    grant_editor_permissions(apps, "fit", FIRST_QUESTIONNAIRE, actions=WRITE)
    revoke_editor_permissions(apps, "fit", CONTENT)
    revoke_editor_permissions(apps, "fit", ["snapshot"], actions=("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("fit", "0002_profile_questionnaire"),
        ("roles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
