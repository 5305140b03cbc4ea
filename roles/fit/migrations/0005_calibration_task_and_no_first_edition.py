"""The first questionnaire's tables and its results' edition go (no deployed database holds them),
so every result has a snapshot; a snapshot's calibration is stored later, by a task."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fit', '0004_result_snapshot'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='result',
            name='fit_result_edition_valid',
        ),
        migrations.RemoveConstraint(
            model_name='result',
            name='fit_result_profile_has_snapshot',
        ),
        migrations.RemoveField(
            model_name='result',
            name='edition',
        ),
        migrations.AddField(
            model_name='snapshot',
            name='calibration_started_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='result',
            name='snapshot',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='results', to='fit.snapshot'),
        ),
        migrations.AlterField(
            model_name='snapshot',
            name='calibration',
            field=models.JSONField(blank=True, null=True),
        ),
        # Whole models, the dependent ones first, so that going back creates each with its keys.
        migrations.DeleteModel(
            name='ChoiceWeight',
        ),
        migrations.DeleteModel(
            name='Choice',
        ),
        migrations.DeleteModel(
            name='Question',
        ),
    ]
