"""The third edition: targets with reasons instead of importances, experiences, ticked experiences on
results. The second edition's statements and targets were tuned for a scoring this edition replaces,
so they go (its snapshots stay, and with them every result's page); load_sample_content then loads
the third edition into the empty questionnaire."""

from django.db import migrations, models


def remove_second_edition(apps, schema_editor):
    # Loadings and targets go with their dimensions and statements.
    apps.get_model("fit", "Item").objects.all().delete()
    apps.get_model("fit", "Dimension").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('fit', '0005_calibration_task_and_no_first_edition'),
        ('roles', '0007_merge_questionnaire_move_and_scheduling'),
    ]

    operations = [
        migrations.RunPython(remove_second_edition, migrations.RunPython.noop),
        migrations.CreateModel(
            name='Experience',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(help_text='Completes “Already done:”, e.g. “Built and run a data pipeline”.', max_length=120)),
                ('display_order', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'experience',
                'ordering': ['display_order', 'pk'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='roletarget',
            name='fit_importance_0_3',
        ),
        migrations.RemoveField(
            model_name='roletarget',
            name='importance',
        ),
        migrations.AddField(
            model_name='result',
            name='done',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='roletarget',
            name='reason',
            field=models.CharField(default='', help_text='Why the role sits here, from its profile page. Shown on the Calibration page.', max_length=200),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='result',
            name='swaps',
            field=models.JSONField(default=list, help_text='Earlier edition only.'),
        ),
        migrations.AddField(
            model_name='experience',
            name='steps',
            field=models.ManyToManyField(help_text='The roadmap steps it covers.', related_name='+', to='roles.roadmapstep'),
        ),
    ]
