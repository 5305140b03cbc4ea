from django_tasks import task

from . import services


@task()
def publish_scheduled():
    """Publishes and unpublishes what is due (enqueue every minute; see the README)."""
    return [str(obj) for obj in services.apply_schedule()]
