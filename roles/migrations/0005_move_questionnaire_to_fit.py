"""The questionnaire moves to its own app, roles.fit (label ``fit``).

The tables are renamed, not copied, so every row stays; the fit app's 0001 migration
takes over the models in Django's state and moves their content types (and with them
the permissions and the Editors group's grants).
"""

from django.db import migrations

MOVED = ["question", "choice", "choiceweight", "result"]


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0004_questionnaire_editors"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name, f"fit_{name}") for name in MOVED],
            state_operations=[
                migrations.DeleteModel("ChoiceWeight"),
                migrations.DeleteModel("Choice"),
                migrations.DeleteModel("Result"),
                migrations.DeleteModel("Question"),
            ],
        ),
    ]
