import contextlib
import sys

from django.core.management.base import BaseCommand, CommandError

from newsletter import tasks
from newsletter.services import subscriber_csv


class Command(BaseCommand):
    help = (
        "Add the addresses in a CSV file (an 'email' column, or one per line) as pending subscribers. "
        "Known addresses are left as they are, so an unsubscribed one is never revived."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file; - reads stdin.")
        parser.add_argument(
            "--send-confirmation", action="store_true", help="Email each new address a confirmation link."
        )

    def handle(self, *args, path, send_confirmation, **options):
        try:
            opened = contextlib.nullcontext(sys.stdin.buffer) if path == "-" else open(path, "rb")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        with opened as file:
            try:
                report = subscriber_csv.import_subscribers_csv(
                    file=file, source=f"CSV import of {path} (command line)", send_confirmation=send_confirmation
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
        tasks.queue_confirmations(report.to_confirm)
        self.stdout.write(report.summary())
        for example in report.invalid_examples:
            self.stderr.write(f"  invalid: {example}")
