from django.core.management.base import BaseCommand

from careerhub.search.services import rebuild_index


class Command(BaseCommand):
    help = "Build the search index from the content now (edits queue a rebuild by themselves; see docs/operations.md)."

    def handle(self, *args, **options):
        self.stdout.write(f"Search index rebuilt: {rebuild_index()} documents.")
