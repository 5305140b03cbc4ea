"""Takes over the questionnaire's tables from the roles app (renamed by roles 0005).

State only for the models; the content types move from ``roles`` to ``fit`` so that the
permissions, the Editors group's grants and the admin log keep pointing at the same rows.
"""

import django.core.validators
import django.db.models.deletion
import uuid
from django.db import migrations, models

MOVED = ["question", "choice", "choiceweight", "result"]


def move_content_types(apps, schema_editor, source="roles", target="fit"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=target, model__in=MOVED).values_list("model", flat=True))
    ContentType.objects.filter(app_label=source, model__in=set(MOVED) - taken).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="fit", target="roles")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("roles", "0005_move_questionnaire_to_fit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Question",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("text", models.CharField(help_text="Shown as the question's heading.", max_length=200)),
                        ("help_text", models.CharField(blank=True, help_text="Optional hint under the question.", max_length=200)),
                        ("display_order", models.PositiveSmallIntegerField(default=0)),
                        (
                            "is_published",
                            models.BooleanField(
                                default=True,
                                help_text="Only published questions appear in the questionnaire.",
                                verbose_name="published",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={"ordering": ["display_order", "pk"]},
                ),
                migrations.CreateModel(
                    name="Choice",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("text", models.CharField(max_length=200)),
                        ("display_order", models.PositiveSmallIntegerField(default=0)),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="choices", to="fit.question"
                            ),
                        ),
                    ],
                    options={"ordering": ["question", "display_order", "pk"]},
                ),
                migrations.CreateModel(
                    name="Result",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("answers", models.JSONField()),
                        ("scores", models.JSONField()),
                        ("questionnaire_version", models.CharField(max_length=16)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "top_role",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="fit_results",
                                to="roles.role",
                            ),
                        ),
                    ],
                    options={"ordering": ["-created_at"]},
                ),
                migrations.CreateModel(
                    name="ChoiceWeight",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "weight",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(0),
                                    django.core.validators.MaxValueValidator(5),
                                ]
                            ),
                        ),
                        (
                            "choice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="weights", to="fit.choice"
                            ),
                        ),
                        (
                            "role",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="choice_weights", to="roles.role"
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["choice", "role__display_order"],
                        "constraints": [
                            models.UniqueConstraint(fields=("choice", "role"), name="choice_weight_unique_per_role"),
                            models.CheckConstraint(
                                condition=models.Q(("weight__gte", 0), ("weight__lte", 5)), name="choice_weight_0_5"
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
