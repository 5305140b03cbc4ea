from django.core.management.base import BaseCommand

from newsletter.models import PENDING_KEPT_FOR, Subscriber
from newsletter.services import subscriptions


class Command(BaseCommand):
    help = (
        f"Delete addresses that stayed pending, never confirmed, for more than {PENDING_KEPT_FOR.days} days. "
        "Run daily from cron (see docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run, **options):
        if dry_run:
            self.stdout.write(f"Would delete {Subscriber.objects.stale_pending().count()} pending subscriber(s).")
            return
        self.stdout.write(f"Deleted {subscriptions.prune_pending()} pending subscriber(s).")
