from collections import Counter

import reversion
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each app's loader, in dependency order (certifications refer to roles, ...).
LOADERS = [
    "roles.sample_content.load",
    "certifications.sample_content.load",
    "roles.fit.sample_content.load",
    "roles.paths.sample_content.load",
    "roles.interviews.sample_content.load",
    "roles.postings.sample_content.load",
    "newsletter.sample_content.load",
    "careerhub.changelog.sample_content.load",
]


class Tally:
    def __init__(self):
        self.created = Counter()
        self.kept = Counter()

    def count(self, kind, created):
        (self.created if created else self.kept)[kind] += 1


class Command(BaseCommand):
    help = "Load the sample content. Safe to run again: it adds what is missing and never overwrites edits."

    def handle(self, *args, **options):
        tally = Tally()
        # One revision around the loads: what they create starts with a first version in its
        # history, so an editor's first change shows as a difference and can be reverted.
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Sample content loaded.")
            for path in LOADERS:
                import_string(path)(tally)
        for kind in sorted(set(tally.created) | set(tally.kept)):
            self.stdout.write(f"{kind}: {tally.created[kind]} created, {tally.kept[kind]} already there")
        self.stdout.write(self.style.SUCCESS("Sample content loaded."))
