"""The subscriber list as CSV: export for managers, import of addresses as pending."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from ..addresses import canonical_email
from ..models import Subscriber

CSV_COLUMNS = ["email", "status", "subscribed", "confirmed", "unsubscribed"]
# Spreadsheets run cells that start with these as formulas; a leading quote keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_subscribers_csv(*, out, queryset=None):
    queryset = Subscriber.objects.all() if queryset is None else queryset
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = queryset.order_by("pk").values_list("email", "status", "subscribed_at", "confirmed_at", "unsubscribed_at")
    for row in rows.iterator(chunk_size=2000):
        writer.writerow([_csv_cell(value) for value in row])


@dataclass
class ImportReport:
    """Every data row read is counted once: created + existing + skipped == read."""

    read: int = 0
    created: int = 0
    existing: int = 0  # already on the list (any status), including addresses added meanwhile
    repeated: int = 0  # a second row for an address earlier in the file
    invalid: int = 0
    invalid_examples: list = field(default_factory=list)
    to_confirm: list = field(default_factory=list)  # ids of new rows whose confirmation email is due

    @property
    def skipped(self):
        return self.repeated + self.invalid

    def summary(self):
        return (
            f"read: {self.read}, created: {self.created}, existing: {self.existing}, "
            f"skipped: {self.skipped} (repeated: {self.repeated}, invalid: {self.invalid})"
        )


MAX_IMPORT_ROWS = 100_000
IMPORT_CONSENT_TEXT = "Imported from a list; no sign-up form was shown. Needs confirmation."


def import_subscribers_csv(*, file, source, send_confirmation=False):
    """Add the file's new addresses as pending. Known addresses (any status) are counted as
    existing, so an unsubscribed address is never revived; unreadable ones as invalid. With
    `send_confirmation`, the report's `to_confirm` lists the new rows (tasks.queue_confirmations).

    The file is CSV with an "email" column, or one address per line. Raises ValueError when the
    file cannot be read at all.
    """
    data = file.read()
    if "\x00" in (data if isinstance(data, str) else data.decode("latin-1")):
        raise ValueError("This does not look like a CSV file (it contains binary data).")
    try:
        rows = list(csv.reader(io.StringIO(_decode(data))))
    except csv.Error as exc:
        raise ValueError(f"This does not look like a CSV file ({exc}).") from exc
    column = 0
    if rows and "email" in [cell.strip().lower() for cell in rows[0]]:
        column = [cell.strip().lower() for cell in rows[0]].index("email")
        rows = rows[1:]
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValueError(f"The file has {len(rows):,} rows; import at most {MAX_IMPORT_ROWS:,} at a time.")
    report = ImportReport()
    candidates = {}
    for row in rows:
        if not row or not any(cell.strip() for cell in row):
            continue
        report.read += 1
        value = row[column].strip() if column < len(row) else ""
        if value.startswith("'"):
            value = value[1:]  # undo the formula guard of our own export
        try:
            value = canonical_email(value)
            validate_email(value)
            if len(value) > 254:
                raise ValidationError("too long")
        except ValidationError:
            report.invalid += 1
            if len(report.invalid_examples) < 5:
                report.invalid_examples.append(value[:80])
            continue
        if value.lower() in candidates:
            report.repeated += 1
        else:
            candidates[value.lower()] = value
    now = timezone.now()
    with transaction.atomic():
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=email,
                    status=Subscriber.Status.PENDING,
                    subscribed_at=now,
                    consent_source=source[:200],
                    consent_text=IMPORT_CONSENT_TEXT,
                    consent_version="import",
                    confirmation_sent_at=now if send_confirmation else None,
                )
                for email in candidates.values()
            ),
            batch_size=1000,
            # Known addresses (and any added meanwhile by a sign-up) are left as they are.
            ignore_conflicts=True,
        )
        # bulk_create cannot say which rows it skipped: count the rows this import wrote (its
        # own timestamp and marker) instead of the rows it offered.
        created = Subscriber.objects.filter(subscribed_at=now, consent_version="import", consent_source=source[:200])
        report.created = created.count()
        if send_confirmation:
            report.to_confirm = list(created.values_list("pk", flat=True))
    report.existing = len(candidates) - report.created
    return report


def _decode(data):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # spreadsheets on Windows save this
