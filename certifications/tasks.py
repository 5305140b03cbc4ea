"""Background work of the certifications app (Tasks API; see README "Certification sources")."""

from django_tasks import task

from . import services


@task()
def check_sources():
    """The source checker as a task, for deployments that schedule tasks rather than cron jobs."""
    return len(services.check_sources())
