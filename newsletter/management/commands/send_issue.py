from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from newsletter import tasks
from newsletter.models import Delivery, Issue
from newsletter.services import sending


class Command(BaseCommand):
    help = (
        "Send an issue to every confirmed subscriber, or resume one whose sending stopped. "
        "Safe to run again: each subscriber gets an issue at most once."
    )

    def add_arguments(self, parser):
        parser.add_argument("number", type=int, help="The issue number.")
        parser.add_argument(
            "--foreground",
            action="store_true",
            help="Send from this process instead of queueing the task for the worker (manage.py db_worker).",
        )

    def handle(self, *args, number, foreground, **options):
        issue = Issue.objects.filter(number=number).first()
        if issue is None:
            raise CommandError(f"There is no issue #{number}.")
        if issue.status == Issue.Status.SENT:
            self.stdout.write(f"{issue} was already sent; nothing to do.")
            return
        start = sending.start_sending if foreground else tasks.start_sending
        total = start(issue=issue)
        self.stdout.write(f"{issue}: {total} deliveries.")
        if foreground:
            report = sending.send_pending_deliveries(issue_id=issue.pk)
            self.stdout.write(f"Sent {report.sent}, failed {report.failed}, skipped {report.skipped} in this run.")
            for error in sorted(set(report.errors))[:5]:
                self.stderr.write(f"  error: {error}")
            if not report.finished:
                when = f"{report.retry_at:%H:%M} UTC"
                self.stdout.write(f"Some deliveries wait for a retry; run this again after {when}.")
        else:
            self.stdout.write("Queued for the background worker.")
        counts = issue.deliveries.order_by().values_list("status").annotate(n=Count("pk"))
        summary = {**dict.fromkeys(Delivery.Status.values, 0), **dict(counts)}
        self.stdout.write(", ".join(f"{status}: {n}" for status, n in summary.items()))
