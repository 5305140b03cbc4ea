from django.core.management.base import BaseCommand

from newsletter.models import PENDING_KEPT_FOR, SignupRequest, Subscriber
from newsletter.services import subscriptions


class Command(BaseCommand):
    help = (
        f"Delete addresses that stayed pending, never confirmed, for more than {PENDING_KEPT_FOR.days} days, "
        "and sign-ups the worker gave up on as long ago. "
        "Run daily from cron (see the README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run, **options):
        if dry_run:
            self.stdout.write(
                f"Would delete {Subscriber.objects.stale_pending().count()} pending subscriber(s) "
                f"and {SignupRequest.objects.abandoned().count()} sign-up(s) the worker gave up on."
            )
            return
        subscribers = subscriptions.prune_pending()
        signups = subscriptions.prune_abandoned_signups()
        self.stdout.write(
            f"Deleted {subscribers} pending subscriber(s) and {signups} sign-up(s) the worker gave up on."
        )
