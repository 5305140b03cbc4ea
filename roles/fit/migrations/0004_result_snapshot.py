"""Results point to the snapshot they answered instead of each carrying a copy of its content.

A result kept the statements' wording, the dimensions' labels and every role's targets and
importances: about 5 KB a row, compressed and moved out of line by PostgreSQL on every insert.
It now keeps answers, profile values and fits (about 0.5 KB) and the snapshot, which never
changes and is protected from deletion. Reversible: going back copies the content in again.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000
PROFILE = 2


def _batches(results, convert):
    batch = []
    for result in results.iterator(chunk_size=BATCH):
        convert(result)
        batch.append(result)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _slim(result, snapshot):
    result.snapshot_id = snapshot.pk
    result.answers = {str(answer["item_id"]): answer["value"] for answer in result.answers}
    result.profile = {row["slug"]: row["value"] for row in result.profile}
    result.scores = [{"role_id": row["role_id"], "fit": row["fit"], "score": row["score"]} for row in result.scores]
    result.swaps = [[{key: change[key] for key in ("item_id", "from", "to")} for change in route] for route in result.swaps]


def _full(result):
    content = result.snapshot.content
    roles = {role["id"]: role for role in content["roles"]}
    texts = {item["id"]: item["text"] for item in content["items"]}
    result.answers = [
        {"item_id": item["id"], "text": item["text"], "value": result.answers.get(str(item["id"]))}
        for item in content["items"]
    ]
    result.profile = [{**dim, "value": result.profile.get(dim["slug"])} for dim in content["dimensions"]]
    result.scores = [
        {
            **row,
            "slug": roles[row["role_id"]]["slug"],
            "name": roles[row["role_id"]]["name"],
            "targets": roles[row["role_id"]]["targets"],
            "importance": roles[row["role_id"]]["importance"],
        }
        for row in result.scores
    ]
    result.swaps = [[{**change, "text": texts[change["item_id"]]} for change in route] for route in result.swaps]
    result.snapshot = None


FIELDS = ["snapshot", "answers", "profile", "scores", "swaps"]


def slim_results(apps, schema_editor):
    Result, Snapshot = apps.get_model("fit", "Result"), apps.get_model("fit", "Snapshot")
    snapshots = {snapshot.version: snapshot for snapshot in Snapshot.objects.defer("calibration")}
    results = Result.objects.filter(edition=PROFILE)
    missing = set(results.values_list("questionnaire_version", flat=True)) - snapshots.keys()
    if missing:
        raise RuntimeError(
            f"Results of questionnaire versions {sorted(missing)} have no snapshot left to point to; "
            "restore those fit_snapshot rows, then migrate again."
        )
    for batch in _batches(results, lambda result: _slim(result, snapshots[result.questionnaire_version])):
        Result.objects.bulk_update(batch, FIELDS)


def copy_content_back(apps, schema_editor):
    Result = apps.get_model("fit", "Result")
    results = Result.objects.filter(edition=PROFILE).select_related("snapshot").defer("snapshot__calibration")
    for batch in _batches(results, _full):
        Result.objects.bulk_update(batch, FIELDS)


class Migration(migrations.Migration):
    dependencies = [("fit", "0003_editors")]

    operations = [
        migrations.AddField(
            model_name="result",
            name="snapshot",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="results",
                to="fit.snapshot",
            ),
        ),
        migrations.RunPython(slim_results, copy_content_back),
        migrations.AlterField(model_name="result", name="profile", field=models.JSONField(default=dict)),
        # From here on a profile result without its snapshot cannot be stored (say, by a worker
        # still running the code from before this migration).
        migrations.AddConstraint(
            model_name="result",
            constraint=models.CheckConstraint(
                condition=models.Q(("edition", 1), ("snapshot__isnull", False), _connector="OR"),
                name="fit_result_profile_has_snapshot",
            ),
        ),
    ]
