"""Sign-ups queued as tasks before the sign-up table existed are not lost by the upgrade."""

import datetime
import uuid

import pytest
from django.utils import timezone

from tests.migrating import migrate

BEFORE = [("newsletter", "0006_click_counts"), ("django_tasks_database", "0021_conditional_partial_index_ordering")]
OLD_TASK = "newsletter.tasks.process_signup"


def old_task(tasks, status="READY", task_path=OLD_TASK, **kwargs):
    return tasks.objects.create(
        id=uuid.uuid4(),
        status=status,
        args_kwargs={"args": [], "kwargs": kwargs},
        task_path=task_path,
        backend_name="default",
        run_after=timezone.now(),
    )


@pytest.mark.django_db(transaction=True)
def test_queued_sign_up_tasks_become_sign_up_requests_and_back(latest):
    old = migrate(BEFORE)
    tasks = old.get_model("django_tasks_database", "DBTaskResult")
    requested = datetime.datetime(2026, 11, 28, 9, 30, tzinfo=datetime.UTC)
    signup = {
        "email": "ada@example.com",
        "source": "sign-up form on /roles/",
        "consent_text": "One email a week.",
        "consent_version": "2026-11-b",
    }
    old_task(tasks, **signup, requested_at=requested.isoformat())
    done = old_task(tasks, status="SUCCESSFUL", **signup, requested_at=requested.isoformat())
    other = old_task(tasks, task_path="newsletter.tasks.send_confirmation_email", subscriber_id=1)

    new = migrate(latest)
    [request] = new.get_model("newsletter", "SignupRequest").objects.all()
    assert {name: getattr(request, name) for name in signup} == signup
    assert (request.requested_at, request.attempts) == (requested, 0)
    tasks = new.get_model("django_tasks_database", "DBTaskResult")
    assert set(tasks.objects.values_list("pk", flat=True)) == {done.pk, other.pk}  # finished and other tasks stay

    old = migrate(BEFORE)
    tasks = old.get_model("django_tasks_database", "DBTaskResult")
    [back] = tasks.objects.filter(task_path=OLD_TASK, status="READY")
    assert back.args_kwargs == {"args": [], "kwargs": {**signup, "requested_at": requested.isoformat()}}
