from django.core.management.base import BaseCommand

from certifications.models import SourceLink
from certifications.services import check_sources, review_queue


class Command(BaseCommand):
    help = (
        "Fetch every certification source and official page; record status, final URL and a hash of the content. "
        "Changed pages, error pages and unreachable hosts put the certification in the editors' review queue; "
        "a fact whose quotation is no longer on its page goes there on its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, help="Seconds to wait for each page (SOURCE_CHECK_TIMEOUT).")
        parser.add_argument("--certification", metavar="SLUG", help="Check only this certification's sources.")

    def handle(self, *args, timeout=None, certification=None, **options):
        sources = SourceLink.objects.all()
        if certification:
            sources = sources.filter(certification__slug=certification)
        checked = check_sources(timeout=timeout, sources=sources, report=self.report)
        counts = dict.fromkeys(SourceLink.Check.values, 0)
        for source in checked:
            counts[source.check_result] += 1
        summary = ", ".join(
            f"{counts[value]} {label.lower()}" for value, label in SourceLink.Check.choices if counts[value]
        )
        self.stdout.write(f"{len(checked)} sources checked: {summary or 'none'}.")
        queue = review_queue().count()
        self.stdout.write(f"{queue} certification{'s' if queue != 1 else ''} in the editors' review queue.")

    def report(self, source, missing):
        status = source.http_status or "---"
        detail = f" ({source.check_error})" if source.check_error else ""
        moved = f" -> {source.final_url}" if source.final_url and source.final_url != source.url else ""
        line = (
            f"{source.get_check_result_display():<15} {status} {source.certification.slug}: {source.url}{moved}{detail}"
        )
        style = self.style.WARNING if source.check_result in SourceLink.NEEDS_REVIEW else self.style.SUCCESS
        self.stdout.write(style(line))
        for claim in missing:
            self.stdout.write(self.style.WARNING(f"    quotation gone: {claim} (“{claim.quotation}”)"))
