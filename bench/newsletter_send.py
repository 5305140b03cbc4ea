"""Benchmark: send one issue to 10,000 subscribers through a real SMTP sink on loopback.

    make bench-newsletter                      # uses TEST_DATABASE_URL (PostgreSQL)
    DATABASE_URL=postgres://... .venv/bin/python bench/newsletter_send.py --subscribers 2000 --scale 0

Creates a throwaway database (bench_newsletter_<pid>) next to the one in DATABASE_URL, fills it
with confirmed subscribers, then times the two halves of sending exactly as production runs them:
sending.start_sending (the delivery rows, one transaction) and sending.send_pending_deliveries
(the worker: claim a batch and mark it "sending", send it over one connection of Django's SMTP
backend, mark the rows sent). The SMTP sink (aiosmtpd, counting only) runs in its own process so that it does not
share this one's CPU time or memory.

The yardstick, measured in the same run against the same sink: a plain smtplib loop that sends
the same message to as many recipients over connections of the same batch size, with no database
at all. The send's throughput is reported as a ratio to it (target: at least 0.4), with peak
memory (target: under 100 MB). Then, with --scale subscribers (100,000 by default): the time and
memory of planning the deliveries (target: 30 s, constant memory) and of a CSV import of as many
rows (target: 60 s). Writes bench/results/newsletter_send.json. A benchmark, not a test: nothing
here fails on a slow machine.
"""

import argparse
import io
import json
import os
import pathlib
import platform
import resource
import smtplib
import subprocess
import sys
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def start_sink():
    sink = subprocess.Popen(
        [sys.executable, "-m", "tests.newsletter.smtp_sink"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    return sink, int(sink.stdout.readline())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=None, help="default: NEWSLETTER_BATCH_SIZE")
    parser.add_argument("--scale", type=int, default=100_000, help="subscribers for planning and CSV import (0: skip)")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (exact, but slows sending down)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL: set DATABASE_URL (make bench-newsletter does).")
    setup_test_environment(debug=False)  # DEBUG off: no query log growing in memory
    connection.settings_dict["TEST"]["NAME"] = f"bench_newsletter_{os.getpid()}"
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    sink, port = start_sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    if args.batch_size:
        settings.NEWSLETTER_BATCH_SIZE = args.batch_size
    try:
        result = run(args, settings, port)
        if args.scale:
            result.update(at_scale(args.scale))
    finally:
        sink.stdin.close()
        sink.wait(timeout=10)
        teardown_databases(databases, verbosity=0)
    report(result)


def run(args, settings, port):
    from django.utils import timezone

    from newsletter import emails
    from newsletter.models import Delivery, Issue, Subscriber
    from newsletter.sample_content import read as read_sample_content
    from newsletter.services import sending

    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"reader{n}@bench.example", status="confirmed", confirmed_at=now)
            for n in range(args.subscribers)
        ],
        batch_size=2000,
    )
    # Without its lanes: the bench's subscribers chose none, so each gets every part.
    sample = {k: v for k, v in read_sample_content()["issues"][0].items() if k not in ("status", "sent_at", "lanes")}
    issue = Issue.objects.create(**sample)

    rss_before = peak_rss_mb()
    started = time.perf_counter()
    total = sending.start_sending(issue=issue)
    created = time.perf_counter() - started

    if args.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    elapsed = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None

    issue.refresh_from_db()
    sent = Delivery.objects.filter(issue=issue, status="sent").count()
    assert (total, report.sent, sent, issue.status) == (args.subscribers,) * 3 + ("sent",), (total, report, sent)
    rendered = emails.render_issue(issue)
    message = emails.subscriber_message(rendered, Subscriber.objects.first())
    plain_seconds = plain_smtplib_loop(port, message, args.subscribers, settings.NEWSLETTER_BATCH_SIZE)
    return {
        "subscribers": args.subscribers,
        "batch_size": settings.NEWSLETTER_BATCH_SIZE,
        "deliveries_created_seconds": round(created, 3),
        "send_seconds": round(elapsed, 2),
        "messages_per_second": round(report.sent / elapsed, 1),
        "plain_smtplib_messages_per_second": round(args.subscribers / plain_seconds, 1),
        "ratio_to_plain_smtplib": round(plain_seconds / elapsed, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_growth_during_send_mb": round(peak_rss_mb() - rss_before, 1),
        "tracemalloc_peak_mb": round(traced_peak, 1) if traced_peak is not None else None,
        "message_body_kb": round((len(rendered.html) + len(rendered.text)) / 1024, 1),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }


def plain_smtplib_loop(port, message, count, batch_size):
    """The yardstick: the same message to `count` recipients over connections of `batch_size`, no database."""
    data = message.message().as_bytes(linesep="\r\n")  # as Django's SMTP backend sends it
    sender = message.from_email
    started = time.perf_counter()
    for start in range(0, count, batch_size):
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for n in range(start, min(start + batch_size, count)):
                smtp.sendmail(sender, [f"plain{n}@bench.example"], data)
    return time.perf_counter() - started


def at_scale(count):
    """Planning the deliveries for `count` subscribers, and importing as many from CSV."""
    from django.utils import timezone

    from newsletter.models import Issue, Subscriber
    from newsletter.services import sending, subscriber_csv

    Subscriber.objects.all().delete()
    now = timezone.now()
    for start in range(0, count, 10_000):
        Subscriber.objects.bulk_create(
            Subscriber(email=f"scale{n}@bench.example", status="confirmed", confirmed_at=now)
            for n in range(start, min(start + 10_000, count))
        )
    issue = Issue.objects.create(
        number=9999,
        title="Scale",
        preheader="p",
        concept="c",
        architecture="a",
        project_idea="p",
        interview_question="q",
    )
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    planned = sending.start_sending(issue=issue)
    planning = time.perf_counter() - started
    planning_growth = peak_rss_mb() - rss_before
    assert planned == count, planned

    rows = "email\n" + "".join(f"imported{n}@bench.example\n" for n in range(count))
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    imported = subscriber_csv.import_subscribers_csv(file=io.BytesIO(rows.encode()), source="benchmark")
    importing = time.perf_counter() - started
    assert imported.created == count, imported.summary()
    return {
        "scale_subscribers": count,
        "planning_seconds": round(planning, 2),
        "planning_rss_growth_mb": round(planning_growth, 1),
        "csv_import_seconds": round(importing, 2),
        "csv_import_rss_growth_mb": round(peak_rss_mb() - rss_before, 1),
        "peak_rss_mb_at_scale": round(peak_rss_mb(), 1),
    }


def report(result):
    print(f"Sent {result['subscribers']:,} messages in {result['send_seconds']} s over loopback SMTP")
    print(f"  throughput:            {result['messages_per_second']} messages/s (batch size {result['batch_size']})")
    plain = result["plain_smtplib_messages_per_second"]
    print(
        f"  plain smtplib loop:    {plain} messages/s, same sink: ratio {result['ratio_to_plain_smtplib']} (target 0.4)"
    )
    print(f"  delivery rows created: {result['deliveries_created_seconds']} s (one transaction)")
    growth = result["peak_rss_growth_during_send_mb"]
    print(f"  peak memory (RSS):     {result['peak_rss_mb']} MB, +{growth} MB while sending")
    if "scale_subscribers" in result:
        n = f"{result['scale_subscribers']:,}"
        growth = result["planning_rss_growth_mb"]
        print(f"  planning {n} deliveries: {result['planning_seconds']} s, +{growth} MB (target 30 s)")
        print(f"  CSV import of {n} rows: {result['csv_import_seconds']} s (target 60 s)")
        print(f"  peak memory at scale:  {result['peak_rss_mb_at_scale']} MB")
    if result["tracemalloc_peak_mb"] is not None:
        print(f"  peak Python allocations while sending: {result['tracemalloc_peak_mb']} MB (tracemalloc)")
    out = ROOT / "bench" / "results" / "newsletter_send.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"  written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
