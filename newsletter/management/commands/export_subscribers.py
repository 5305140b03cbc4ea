from django.core.management.base import BaseCommand

from newsletter.models import Subscriber
from newsletter.services import subscriber_csv


class Command(BaseCommand):
    help = "Write every subscriber as CSV to stdout: email, status, subscribed, confirmed, unsubscribed (ISO 8601)."

    def add_arguments(self, parser):
        parser.add_argument("--status", choices=Subscriber.Status.values, help="Only subscribers with this status.")

    def handle(self, *args, status=None, **options):
        queryset = Subscriber.objects.all()
        if status:
            queryset = queryset.filter(status=status)
        subscriber_csv.export_subscribers_csv(out=self.stdout, queryset=queryset)
