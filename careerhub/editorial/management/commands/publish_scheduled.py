import time

from django.core.management.base import BaseCommand

from careerhub.editorial import services
from careerhub.editorial.tasks import publish_scheduled


class Command(BaseCommand):
    help = (
        "Publish and unpublish content whose 'publish at' / 'unpublish at' time has come. "
        "Run it every minute from cron, or pass --enqueue to hand the work to db_worker, "
        "or --every 60 to keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the task for db_worker instead.")
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS", help="Repeat every SECONDS.")

    def handle(self, *args, enqueue, every, **options):
        while True:
            if enqueue:
                publish_scheduled.enqueue()
                self.stdout.write("Queued publish_scheduled for the worker.")
            else:
                for obj in services.apply_schedule():
                    self.stdout.write(f"{obj}: {'published' if obj.is_published else 'unpublished'}")
            if not every:
                return
            time.sleep(every)
