"""manage.py commands: send_issue, export_subscribers, import_subscribers, prune_pending; sample content."""

import csv
import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from careerhub.cache import bump_content_generation
from newsletter.models import Delivery, Issue, Subscriber
from newsletter.services import subscriber_csv

from .factories import make_issue, make_subscriber, make_subscribers

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_send_issue_in_the_foreground(smtp):
    readers = make_subscribers(3)
    issue = make_issue(number=31)
    out, _ = run("send_issue", "31", "--foreground")
    assert "Sent 3, failed 0, skipped 0" in out
    assert sorted(smtp.recipients) == sorted(r.email for r in readers)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    # Running it again sends nothing.
    out, _ = run("send_issue", "31", "--foreground")
    assert "already sent" in out
    assert len(smtp.recipients) == 3


def test_send_issue_queues_the_task_by_default(django_capture_on_commit_callbacks):
    make_subscribers(2)
    make_issue(number=32)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        out, _ = run("send_issue", "32")
    queued = [callback for callback in callbacks if callback is not bump_content_generation]
    assert len(queued) == 1  # the sending task (the others refresh the page cache)
    assert "Queued for the background worker" in out
    assert len(mail.outbox) == 2


def test_send_issue_reports_what_waits_for_a_retry(mail_to_closed_port):
    make_subscribers(2)
    make_issue(number=33)
    out, err = run("send_issue", "33", "--foreground")
    assert "Sent 0" in out and "run this again after" in out
    assert "pending: 2" in out
    assert "ConnectionRefusedError" in err


def test_send_issue_for_an_unknown_number_is_a_clear_error():
    with pytest.raises(CommandError, match="There is no issue #404"):
        run("send_issue", "404")


def test_export_subscribers_writes_csv_to_stdout():
    confirmed = make_subscriber(email="c@example.com")
    make_subscriber(email="u@example.com", status="unsubscribed")
    out, _ = run("export_subscribers")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["email"] for r in rows] == ["c@example.com", "u@example.com"]
    assert rows[0] == {
        "email": "c@example.com",
        "status": "confirmed",
        "subscribed": confirmed.subscribed_at.isoformat(),
        "confirmed": confirmed.confirmed_at.isoformat(),
        "unsubscribed": "",
    }
    assert rows[1]["unsubscribed"] != ""
    only, _ = run("export_subscribers", "--status", "unsubscribed")
    assert "c@example.com" not in only and "u@example.com" in only


def test_export_then_import_round_trip(tmp_path):
    make_subscriber(email="a@example.com")
    make_subscriber(email="B@example.com", status="pending")
    make_subscriber(email="=x@example.com")  # exported as '=x..., so no spreadsheet runs it as a formula
    make_subscriber(email="gone@example.com", status="unsubscribed")
    out, _ = run("export_subscribers")
    path = tmp_path / "subscribers.csv"
    path.write_text(out)

    # Into an empty list: every address comes back, as pending (consent does not travel in a file).
    Subscriber.objects.all().delete()
    result, _ = run("import_subscribers", str(path))
    assert result.strip() == "read: 4, created: 4, existing: 0, skipped: 0 (repeated: 0, invalid: 0)"
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == sorted(
        ["a@example.com", "B@example.com", "=x@example.com", "gone@example.com"]
    )
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"pending"}

    # Again: nothing new.
    result, _ = run("import_subscribers", str(path))
    assert result.strip() == "read: 4, created: 0, existing: 4, skipped: 0 (repeated: 0, invalid: 0)"


def test_import_never_revives_an_unsubscribed_address(tmp_path):
    make_subscriber(email="left@example.com", status="unsubscribed")
    path = tmp_path / "list.txt"
    path.write_text("LEFT@example.com\nnew@example.com\nnope\n\n")
    result, err = run("import_subscribers", str(path))
    assert result.strip() == "read: 3, created: 1, existing: 1, skipped: 1 (repeated: 0, invalid: 1)"
    assert "invalid: nope" in err
    assert Subscriber.objects.get(email="left@example.com").status == "unsubscribed"


def test_import_of_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot read /no/such.csv"):
        run("import_subscribers", "/no/such.csv")


def test_prune_pending_removes_only_old_never_confirmed_addresses():
    old = timezone.now() - datetime.timedelta(days=31)
    recent = timezone.now() - datetime.timedelta(days=29)
    stale = make_subscriber(status="pending", subscribed_at=old)
    fresh = make_subscriber(status="pending", subscribed_at=recent)
    returning = make_subscriber(status="pending", subscribed_at=old, confirmed_at=old)  # was confirmed once
    confirmed = make_subscriber(subscribed_at=old)
    left = make_subscriber(status="unsubscribed", subscribed_at=old)
    out, _ = run("prune_pending", "--dry-run")
    assert "Would delete 1 pending subscriber(s)." in out
    assert Subscriber.objects.count() == 5
    out, _ = run("prune_pending")
    assert "Deleted 1 pending subscriber(s)." in out
    assert set(Subscriber.objects.all()) == {fresh, returning, confirmed, left}
    assert not Subscriber.objects.filter(pk=stale.pk).exists()


def test_sample_content_has_six_archived_issues(sample_content, client):
    assert list(Issue.objects.archived().values_list("number", flat=True)) == [6, 5, 4, 3, 2, 1]
    assert not Issue.objects.exclude(status="sent").exists()
    assert not Delivery.objects.exists() and not Subscriber.objects.exists()
    for issue in Issue.objects.all():
        assert all(html for _, _, html in issue.sections())
    assert client.get("/newsletter/issues/2/").status_code == 200
    assert client.get("/newsletter/issues/7/").status_code == 404
    # Loading again adds nothing and keeps edits.
    Issue.objects.filter(number=1).update(title="Edited")
    call_command("load_sample_content", stdout=io.StringIO())
    assert Issue.objects.count() == 6
    assert Issue.objects.get(number=1).title == "Edited"


@pytest.mark.django_db(transaction=True)
def test_the_import_report_adds_up_when_a_sign_up_wins_a_race_for_an_address():
    """A row committed by someone else while the import runs hits a conflict: it is existing, not created."""
    import io

    from django.db import transaction

    from newsletter.services.subscriber_csv import import_subscribers_csv

    inserted, release = threading.Event(), threading.Event()

    def sign_up_elsewhere():
        with transaction.atomic():
            make_subscriber(email="race@example.com", status="pending")
            inserted.set()
            release.wait(5)  # commit only once the import is waiting on this row
        connection.close()

    other = threading.Thread(target=sign_up_elsewhere)
    other.start()
    inserted.wait(5)
    threading.Timer(0.5, release.set).start()
    report = import_subscribers_csv(file=io.BytesIO(b"race@example.com\nnew@example.com\n"), source="race test")
    other.join()
    assert (report.read, report.created, report.existing, report.skipped) == (2, 1, 1, 0)
    assert report.created + report.existing + report.skipped == report.read
    assert Subscriber.objects.get(email="race@example.com").consent_source != "race test"


def test_the_import_report_adds_up_to_the_rows_read(tmp_path):
    make_subscriber(email="known@example.com")
    path = tmp_path / "list.csv"
    path.write_text("email\nknown@example.com\nKNOWN@example.com\nnew@example.com\nnew@example.com\nbad\n\n")
    result, _ = run("import_subscribers", str(path))
    assert result.strip() == "read: 5, created: 1, existing: 1, skipped: 3 (repeated: 2, invalid: 1)"


def test_the_row_limit_counts_addresses_not_the_header(monkeypatch):
    import io

    from newsletter.services import subscriber_csv

    monkeypatch.setattr(subscriber_csv, "MAX_IMPORT_ROWS", 3)
    ok = subscriber_csv.import_subscribers_csv(file=io.BytesIO(b"email\na@x.com\nb@x.com\nc@x.com\n"), source="t")
    assert ok.created == 3
    with pytest.raises(ValueError, match="The file has 4 rows; import at most 3"):
        subscriber_csv.import_subscribers_csv(
            file=io.BytesIO(b"email\na@x.com\nb@x.com\nc@x.com\nd@x.com\n"), source="t"
        )


def import_csv(data, **kwargs):
    kwargs.setdefault("source", "import test")
    file = io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
    return subscriber_csv.import_subscribers_csv(file=file, **kwargs)


def address_of_length(length):
    domain = "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + ".com"
    return "a" * (length - len(domain) - 1) + "@" + domain


@pytest.mark.django_db
def test_the_export_without_a_selection_has_every_subscriber():
    make_subscriber(email="ada@example.com")
    make_subscriber(email="bob@example.com", status=Subscriber.Status.PENDING)
    out = io.StringIO()
    subscriber_csv.export_subscribers_csv(out=out)
    assert [row[:2] for row in csv.reader(io.StringIO(out.getvalue()))] == [
        ["email", "status"],
        ["ada@example.com", "confirmed"],
        ["bob@example.com", "pending"],
    ]


@pytest.mark.django_db
def test_an_import_from_text_blank_lines_and_short_rows():
    data = "name,email\nAda,ada@example.com\n\n , \nBob\nCy,cy@example.com\n"
    report = import_csv(data)  # text, not bytes: a file opened in text mode
    assert (report.read, report.created, report.invalid, report.invalid_examples) == (3, 2, 1, [""])
    ada = Subscriber.objects.get(email="ada@example.com")
    assert (ada.status, ada.consent_text, ada.confirmation_sent_at) == (
        Subscriber.Status.PENDING,
        subscriber_csv.IMPORT_CONSENT_TEXT,
        None,
    )
    assert report.to_confirm == []  # no confirmation email unless asked for


@pytest.mark.django_db
def test_an_import_that_sends_confirmations_records_when():
    report = import_csv(b"ada@example.com\n", send_confirmation=True)
    ada = Subscriber.objects.get(email="ada@example.com")
    assert ada.confirmation_sent_at == ada.subscribed_at and report.to_confirm == [ada.pk]


@pytest.mark.django_db
def test_addresses_up_to_254_characters_are_imported():
    report = import_csv(f"{address_of_length(254)}\n{address_of_length(255)}\n".encode())
    assert (report.created, report.invalid) == (1, 1)
    assert len(Subscriber.objects.get().email) == 254


@pytest.mark.django_db
def test_five_invalid_examples_of_at_most_80_characters():
    report = import_csv(("x" * 100 + "\n" + "".join(f"bad{n}\n" for n in range(6))).encode())
    assert report.invalid == 7
    assert report.invalid_examples == ["x" * 80, "bad0", "bad1", "bad2", "bad3"]


@pytest.mark.django_db
def test_a_long_source_is_cut_and_the_rows_are_still_counted():
    report = import_csv(b"ada@example.com\n", source="s" * 300)
    assert report.created == 1 and report.existing == 0
    assert Subscriber.objects.get().consent_source == "s" * 200


@pytest.mark.django_db
def test_a_windows_spreadsheet_file_is_read_as_cp1252():
    report = import_csv(b"email\nada@example.com\ncaf\xe9 \x81\n")
    assert report.created == 1 and report.invalid_examples == ["caf\xe9 \ufffd"]


def test_unreadable_files_are_refused_with_a_reason():
    with pytest.raises(ValueError, match=r"^This does not look like a CSV file \(it contains binary data\)\.$"):
        import_csv(b"ada@example.com\x00\n")
    with pytest.raises(ValueError, match=r"^This does not look like a CSV file \(field larger than field limit"):
        import_csv(b'"' + b"x" * 200_000 + b'"\n')
