from django.core.management.base import BaseCommand

from roles.plan.services import prune_plans


class Command(BaseCommand):
    help = "Delete visitors' plans nobody has opened or changed for 12 months."

    def handle(self, *args, **options):
        deleted = prune_plans()
        self.stdout.write(f"Deleted {deleted} plan{'s' if deleted != 1 else ''} untouched for 12 months.")
