import uuid
from datetime import datetime

from django.db import migrations, models
from django.utils import timezone

OLD_TASK = "newsletter.tasks.process_signup"
FIELDS = ("email", "source", "consent_text", "consent_version")


def tasks_to_requests(apps, schema_editor):
    """Sign-ups still queued as one task each become requests, so the new worker code takes them."""
    task_model = apps.get_model("django_tasks_database", "DBTaskResult")
    request_model = apps.get_model("newsletter", "SignupRequest")
    queued = task_model.objects.filter(task_path=OLD_TASK, status="READY")
    for task in queued.order_by("enqueued_at").iterator():
        kwargs = task.args_kwargs["kwargs"]
        requested = kwargs.get("requested_at")
        request_model.objects.create(
            **{name: kwargs.get(name, "") for name in FIELDS},
            requested_at=datetime.fromisoformat(requested) if requested else task.enqueued_at,
        )
    queued.delete()


def requests_to_tasks(apps, schema_editor):
    task_model = apps.get_model("django_tasks_database", "DBTaskResult")
    request_model = apps.get_model("newsletter", "SignupRequest")
    for request in request_model.objects.order_by("id").iterator():
        kwargs = {name: getattr(request, name) for name in FIELDS}
        task_model.objects.create(
            id=uuid.uuid4(),
            args_kwargs={"args": [], "kwargs": {**kwargs, "requested_at": request.requested_at.isoformat()}},
            task_path=OLD_TASK,
            backend_name="default",
            run_after=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0006_click_counts"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.CreateModel(
            name="SignupRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.CharField(max_length=254)),
                ("source", models.CharField(max_length=200)),
                ("consent_text", models.TextField()),
                ("consent_version", models.CharField(max_length=20)),
                ("requested_at", models.DateTimeField()),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.RunPython(tasks_to_requests, requests_to_tasks),
    ]
