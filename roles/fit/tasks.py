"""Background work of the questionnaire (Tasks API): calibrating a published snapshot."""

from django_tasks import task

from .models import Snapshot


@task()
def calibrate_snapshot(snapshot_id):
    """Store the calibration report of a snapshot (queued by services.start_calibration)."""
    snapshot = Snapshot.objects.filter(pk=snapshot_id, calibration__isnull=True).first()
    return snapshot.store_calibration() if snapshot else False
