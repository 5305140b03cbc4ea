from django.core.management.base import BaseCommand

from roles.plan.models import Plan
from roles.plan.services import prune_plans


class Command(BaseCommand):
    help = "Delete visitors' plans nobody has opened or changed for 12 months."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count the plans that would go")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = Plan.objects.stale().count()
            self.stdout.write(f"{count} plan{'s' if count != 1 else ''} untouched for 12 months would be deleted.")
            return
        deleted = prune_plans()
        self.stdout.write(f"Deleted {deleted} plan{'s' if deleted != 1 else ''} untouched for 12 months.")
