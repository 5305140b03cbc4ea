"""Newsletter rules that mutation testing (`make mutate`, newsletter/services/* and newsletter/views.py)
found unpinned, each stated through the function or page that carries it.
"""

import csv
import datetime
import io
import re
import secrets
import smtplib
import threading

import pytest
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.core import mail
from django.utils import timezone

from newsletter import views
from newsletter.models import Delivery, Issue, LinkClicks, MailEvent, SectionLane, Subscriber, WelcomeEmail
from newsletter.services import bounces, clicks, errors, preferences, sending, subscriber_csv, subscriptions
from tests.concurrency import another_transaction
from tests.factories import make_role

from .factories import make_issue, make_subscriber


@pytest.mark.parametrize(("code", "transient"), [(399, False), (400, True), (450, True), (499, True), (500, False)])
def test_smtp_replies_from_400_to_499_are_retried_and_no_others(code, transient):
    assert errors.is_transient(smtplib.SMTPResponseException(code, b"reply")) is transient
    refused = smtplib.SMTPRecipientsRefused({"ada@example.com": (code, b"reply")})
    assert errors.is_transient(refused) is transient


def test_a_refusal_is_retried_only_when_every_recipient_was_refused_for_now():
    mixed = {"ada@example.com": (451, b"later"), "bob@example.com": (550, b"no such user")}
    assert errors.is_transient(smtplib.SMTPRecipientsRefused(mixed)) is False


def test_the_email_service_refusing_the_recipients_is_final():
    assert errors.is_transient(AnymailRecipientsRefused("Mailgun refused ada@example.com")) is False


@pytest.mark.parametrize(("status", "transient"), [(499, False), (500, True), (501, True)])
def test_the_email_service_failing_with_5xx_is_retried(status, transient):
    assert errors.is_transient(AnymailAPIError("Mailgun API response", status_code=status)) is transient


def test_other_errors_are_described_by_their_type_and_text():
    assert errors.describe_error(ConnectionRefusedError(111, "Connection refused")) == (
        "ConnectionRefusedError: [Errno 111] Connection refused"
    )


def test_a_reply_that_is_not_utf8_is_shown_with_replacement_characters():
    reply = smtplib.SMTPResponseException(550, b"Mailbox \xff unavailable for <ada@example.com>")
    assert errors.describe_error(reply) == "550 Mailbox \ufffd unavailable for <address>"


def test_an_error_shown_to_editors_is_at_most_500_characters():
    assert errors.describe_error_text("x" * 600) == "x" * 500


@pytest.mark.parametrize(
    ("delays", "attempt", "seconds"),
    [([60, 600], 1, 60), ([60, 600], 2, 600), ([60, 600], 3, 600), ([], 1, 0), ([], 2, 0)],
)
def test_the_retry_delay_follows_the_setting_and_its_last_value_repeats(settings, delays, attempt, seconds):
    settings.NEWSLETTER_RETRY_DELAYS = delays
    assert errors.retry_delay(attempt) == datetime.timedelta(seconds=seconds)


@pytest.mark.django_db
def test_lanes_are_offered_in_the_sites_role_order_then_by_name():
    make_role(name="Zeta Engineer", display_order=1)
    make_role(name="Beta Engineer", display_order=2)
    make_role(name="Alpha Engineer", display_order=2)
    make_role(name="Draft Engineer", display_order=0, is_published=False)
    assert [role.name for role in preferences.lane_choices()] == ["Zeta Engineer", "Alpha Engineer", "Beta Engineer"]


def tracking(event_type, recipient="ada@example.com", **fields):
    """An email service's event as django-anymail hands it over (what the webhook view receives)."""
    fields.setdefault("event_id", secrets.token_hex(8))
    fields.setdefault("message_id", f"<{secrets.token_hex(8)}@mg.example>")
    fields.setdefault("timestamp", timezone.now())
    return AnymailTrackingEvent(event_type=event_type, recipient=recipient, **fields)


def suppression(subscriber):
    subscriber.refresh_from_db()
    return subscriber.suppressed_because if subscriber.suppressed_at else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        (RejectReason.BOUNCED, MailEvent.Kind.HARD_BOUNCE),
        (RejectReason.SPAM, MailEvent.Kind.COMPLAINT),
        (RejectReason.OTHER, None),
    ],
)
def test_a_message_the_service_refused_to_send_counts_as_what_it_remembers(reason, kind):
    make_subscriber(email="ada@example.com")
    bounces.record_tracking_event(event=tracking(EventType.REJECTED, reject_reason=reason))
    assert list(MailEvent.objects.values_list("kind", flat=True)) == ([kind] if kind else [])


@pytest.mark.django_db
def test_an_event_without_an_id_is_not_stored():
    make_subscriber(email="ada@example.com")
    assert bounces.record_tracking_event(event=tracking(EventType.BOUNCED, event_id=None)) is None
    assert not MailEvent.objects.exists()


@pytest.mark.django_db
def test_long_and_missing_fields_are_stored_cut_to_size_or_empty():
    make_subscriber(email="ada@example.com")
    long = bounces.record_tracking_event(
        event=tracking(EventType.DEFERRED, event_id="e" * 300, message_id="m" * 300, description="d" * 400)
    )
    bare = bounces.record_tracking_event(event=tracking(EventType.DEFERRED, message_id=None))
    long.refresh_from_db()
    bare.refresh_from_db()
    assert (len(long.event_id), len(long.message_id), len(long.description)) == (200, 250, 300)
    assert (bare.message_id, bare.description) == ("", "")


@pytest.mark.django_db
def test_soft_bounces_count_once_per_message_and_each_without_a_message_id():
    ada = make_subscriber(email="ada@example.com")
    for _ in range(2):
        bounces.record_tracking_event(event=tracking(EventType.DEFERRED, message_id=None))
    assert suppression(ada) is None  # two soft bounces
    bounces.record_tracking_event(event=tracking(EventType.DEFERRED, message_id="<one@mg.example>"))
    assert suppression(ada) == Subscriber.SuppressedBecause.SOFT_BOUNCES  # the third


@pytest.mark.django_db
def test_after_a_manager_lifts_a_suppression_old_events_do_not_bring_it_back():
    ada = make_subscriber(email="ada@example.com")
    hard = tracking(EventType.BOUNCED)
    bounces.record_tracking_event(event=hard)
    assert suppression(ada) == Subscriber.SuppressedBecause.HARD_BOUNCE
    Subscriber.objects.filter(pk=ada.pk).update(suppressed_at=None, suppressed_because="")
    bounces.record_tracking_event(event=hard)  # the service sends the same event again
    assert suppression(ada) is None
    # Two soft bounces now: with the old hard bounce that would be three events, but only soft ones count.
    for _ in range(2):
        bounces.record_tracking_event(event=tracking(EventType.DEFERRED))
    assert suppression(ada) is None


@pytest.mark.django_db
def test_suppressing_one_address_leaves_the_others_and_keeps_the_first_reason():
    ada, bob = make_subscriber(email="ada@example.com"), make_subscriber(email="bob@example.com")
    bounces.suppress(subscriber=ada, because=Subscriber.SuppressedBecause.HARD_BOUNCE)
    first = ada.suppressed_at
    bounces.suppress(subscriber=ada, because=Subscriber.SuppressedBecause.COMPLAINT)
    assert (ada.suppressed_at, ada.suppressed_because) == (first, Subscriber.SuppressedBecause.HARD_BOUNCE)
    assert suppression(bob) is None


LINKED_TEXT = {
    "concept": "Read [the paper](https://arxiv.org/abs/1706.03762).",
    "architecture": "Then [a guide](https://example.org/guide).",
}


@pytest.fixture
def counted_issue(settings):
    settings.NEWSLETTER_COUNT_CLICKS = True
    issue = make_issue(number=77, **LINKED_TEXT)
    clicks.counted_links(issue)
    return issue


@pytest.mark.django_db
def test_links_recorded_again_by_a_resumed_send_keep_their_positions(counted_issue):
    first = dict(counted_issue.links.values_list("url", "position"))
    assert clicks.counted_links(counted_issue) == first
    assert counted_issue.links.count() == 2


@pytest.mark.django_db
def test_the_admin_counts_list_every_link_with_its_days(counted_issue):
    paper, guide = counted_issue.links.order_by("position")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    LinkClicks.objects.create(link=paper, day=yesterday, clicks=4)
    clicks.follow(issue_number=77, position=1)
    assert clicks.click_counts(counted_issue) == [
        (paper, 5, [(yesterday, 4), (timezone.localdate(), 1)]),
        (guide, 0, []),
    ]


@pytest.mark.django_db
def test_a_later_click_of_the_day_is_one_read_and_one_update_and_leaves_other_days(
    counted_issue, django_assert_num_queries
):
    paper = counted_issue.links.get(position=1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    LinkClicks.objects.create(link=paper, day=yesterday, clicks=4)
    clicks.follow(issue_number=77, position=1)
    with django_assert_num_queries(2):
        assert clicks.follow(issue_number=77, position=1) == "https://arxiv.org/abs/1706.03762"
    assert dict(paper.daily_clicks.values_list("day", "clicks")) == {yesterday: 4, timezone.localdate(): 2}


@pytest.mark.django_db(transaction=True)
def test_two_first_clicks_of_the_day_at_once_count_two(settings):
    """The other click inserts the day's row while this one finds none: this one adds to it."""
    settings.NEWSLETTER_COUNT_CLICKS = True
    issue = make_issue(number=78, **LINKED_TEXT)
    clicks.counted_links(issue)
    paper, guide = issue.links.order_by("position")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    LinkClicks.objects.create(link=paper, day=yesterday, clicks=4)
    LinkClicks.objects.create(link=guide, day=timezone.localdate(), clicks=7)

    def other_click():
        LinkClicks.objects.create(link=paper, day=timezone.localdate(), clicks=1)

    with another_transaction(other_click) as release:
        # This click's insert waits for the other transaction; let it commit a moment later.
        threading.Timer(0.5, release.set).start()
        assert clicks.follow(issue_number=78, position=1) == "https://arxiv.org/abs/1706.03762"
    assert dict(paper.daily_clicks.values_list("day", "clicks")) == {yesterday: 4, timezone.localdate(): 2}
    assert dict(guide.daily_clicks.values_list("day", "clicks")) == {timezone.localdate(): 7}


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
def test_an_import_from_text_blank_lines_and_short_rows(django_capture_on_commit_callbacks):
    data = "name,email\nAda,ada@example.com\n\n , \nBob\nCy,cy@example.com\n"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        report = import_csv(data)  # text, not bytes: a file opened in text mode
    assert (report.read, report.created, report.invalid, report.invalid_examples) == (3, 2, 1, [""])
    ada = Subscriber.objects.get(email="ada@example.com")
    assert (ada.status, ada.consent_text, ada.confirmation_sent_at) == (
        Subscriber.Status.PENDING,
        subscriber_csv.IMPORT_CONSENT_TEXT,
        None,
    )
    assert queued == []  # no confirmation email unless asked for


@pytest.mark.django_db
def test_an_import_that_sends_confirmations_records_when(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        import_csv(b"ada@example.com\n", send_confirmation=True)
    ada = Subscriber.objects.get(email="ada@example.com")
    assert ada.confirmation_sent_at == ada.subscribed_at and len(queued) == 1


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


def subscribe(email="ada@example.com", **kwargs):
    kwargs.setdefault("source", "sign-up form on /newsletter/")
    subscriptions.subscribe(email=email, consent_text="One email a week.", consent_version="test", **kwargs)


@pytest.mark.django_db
def test_the_worker_records_the_time_of_the_request_and_a_source_cut_to_size(django_capture_on_commit_callbacks):
    requested = timezone.now() - datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=False):
        subscribe(source="s" * 300, requested_at=requested)
    ada = Subscriber.objects.get()
    assert (ada.subscribed_at, ada.consent_source) == (requested, "s" * 200)


@pytest.mark.django_db
def test_an_imported_address_that_signs_up_gets_its_first_confirmation(django_capture_on_commit_callbacks):
    import_csv(b"ada@example.com\n")  # pending, no confirmation sent yet
    with django_capture_on_commit_callbacks(execute=False) as queued:
        subscribe()
    assert len(queued) == 1
    assert Subscriber.objects.get().confirmation_sent_at is not None


@pytest.mark.django_db
def test_each_confirmation_email_goes_to_its_own_subscriber():
    make_subscriber(email="ada@example.com", status=Subscriber.Status.PENDING)
    bob = make_subscriber(email="bob@example.com", status=Subscriber.Status.PENDING)
    assert subscriptions.deliver_confirmation(subscriber_id=bob.pk) is None
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]


@pytest.mark.django_db
def test_confirming_one_address_confirms_no_other(django_capture_on_commit_callbacks):
    ada = make_subscriber(email="ada@example.com", status=Subscriber.Status.PENDING)
    bob = make_subscriber(email="bob@example.com", status=Subscriber.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=False):
        subscriptions.confirm(subscriber=ada)
    assert ada.status == Subscriber.Status.CONFIRMED
    bob.refresh_from_db()
    assert bob.status == Subscriber.Status.PENDING


@pytest.mark.django_db
def test_welcoming_one_subscriber_leaves_the_others_to_be_welcomed():
    WelcomeEmail.objects.create(subject="Welcome to the list", body="Thanks for **confirming**.")
    ada, bob = make_subscriber(email="ada@example.com"), make_subscriber(email="bob@example.com")
    subscriptions.deliver_welcome(subscriber_id=ada.pk)
    subscriptions.deliver_welcome(subscriber_id=bob.pk)
    assert sorted(message.to[0] for message in mail.outbox) == ["ada@example.com", "bob@example.com"]


@pytest.mark.django_db
def test_unsubscribing_skips_only_that_readers_unsent_deliveries_and_releases_their_claims():
    ada, bob = make_subscriber(email="ada@example.com"), make_subscriber(email="bob@example.com")
    issue, earlier = make_issue(), make_issue()
    claimed = Delivery.objects.create(
        issue=issue, subscriber=ada, status="pending", claimed_by="worker-1", claimed_at=timezone.now()
    )
    sent = Delivery.objects.create(issue=earlier, subscriber=ada, status="sent", sent_at=timezone.now())
    others = Delivery.objects.create(issue=issue, subscriber=bob, status="pending")
    subscriptions.unsubscribe(subscriber=ada)
    claimed.refresh_from_db()
    assert (claimed.status, claimed.claimed_by, claimed.claimed_at) == ("skipped", "", None)
    assert Delivery.objects.get(pk=sent.pk).status == "sent"
    assert Delivery.objects.get(pk=others.pk).status == "pending"


@pytest.mark.django_db
def test_pruning_deletes_only_addresses_pending_for_more_than_30_days():
    old = timezone.now() - datetime.timedelta(days=31)
    make_subscriber(email="stale@example.com", status=Subscriber.Status.PENDING, subscribed_at=old)
    make_subscriber(email="fresh@example.com", status=Subscriber.Status.PENDING)
    make_subscriber(email="reader@example.com", subscribed_at=old)
    assert subscriptions.prune_pending() == 1
    assert subscriptions.prune_pending() == 0
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["fresh@example.com", "reader@example.com"]
    assert subscriptions.prune_pending(now=timezone.now() + datetime.timedelta(days=31)) == 1


@pytest.mark.django_db
def test_a_link_of_a_row_merged_into_another_reaches_the_row_it_was_merged_into(client):
    old = make_subscriber(email="Ada@Example.com")
    link = old.unsubscribe_path()
    kept = make_subscriber(email="ada@example.org", earlier_records=[{"key": old.key.hex, "email": old.email}])
    old.delete()
    assert client.post(link).status_code == 200
    kept.refresh_from_db()
    assert kept.status == Subscriber.Status.UNSUBSCRIBED


def canonical(response):
    return re.search(r'<link rel="canonical" href="([^"]*)">', response.content.decode()).group(1)


@pytest.mark.django_db
def test_newsletter_pages_name_their_own_address_as_canonical(client):
    issue = make_issue(number=5, status=Issue.Status.SENT)
    reader = make_subscriber()
    for path, status in [
        ("/newsletter/", 200),
        ("/newsletter/confirm/garbage-token/", 404),
        (reader.preferences_path(), 200),
        (f"/newsletter/issues/{issue.number}/", 200),
    ]:
        response = client.get(path)
        assert response.status_code == status
        assert canonical(response) == f"http://testserver{path}"


@pytest.mark.django_db
def test_a_refused_preferences_form_does_not_say_saved(client):
    response = client.post(make_subscriber().preferences_path(), {"lanes": ["999999"]})
    assert response.status_code == 400
    assert "Saved." not in response.content.decode()


@pytest.mark.django_db
def test_only_the_admins_preview_of_an_issue_carries_the_preview_banner(client, rf):
    issue = make_issue(number=6, status=Issue.Status.SENT)
    assert "preview-banner" not in client.get("/newsletter/issues/6/").content.decode()
    preview = views.issue_page(rf.get("/admin/newsletter/issue/preview/"), issue, preview=True)
    assert "preview-banner" in preview.content.decode()


@pytest.mark.django_db
def test_the_send_report_counts_each_retry_and_each_failure_with_its_error(smtp, settings):
    settings.NEWSLETTER_RETRY_DELAYS = [600, 600]
    make_subscriber(email="reader@example.com")
    smtp.reject_temporarily = {"busy1@example.com", "busy2@example.com"}
    smtp.reject_permanently = {"gone1@example.com", "gone2@example.com"}
    for email in sorted(smtp.reject_temporarily | smtp.reject_permanently):
        make_subscriber(email=email)
    issue = make_issue()
    sending.start_sending(issue=issue, enqueue=False)
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert (report.sent, report.retried, report.failed) == (1, 2, 2)
    assert sorted(error[:3] for error in report.errors) == ["451", "451", "550", "550"]


def scheduled_issue(minutes, **fields):
    return make_issue(status=Issue.Status.SCHEDULED, scheduled_for=timezone.now() + datetime.timedelta(minutes=minutes))


@pytest.mark.django_db
def test_scheduling_explains_why_it_cannot_and_bumps_the_issues_update_time(settings):
    issue = make_issue(scheduled_for=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(ValueError) as refused:
        sending.schedule(issue=issue)  # the test settings run tasks at once
    assert str(refused.value) == (
        "The task backend here runs tasks at once and cannot wait. Send the issue now, "
        "or run the database task backend and its worker (see the README)."
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sent = make_issue(number=9, title="Evals", status=Issue.Status.SENT, scheduled_for=issue.scheduled_for)
    with pytest.raises(ValueError) as refused:
        sending.schedule(issue=sent)
    assert str(refused.value) == f"{sent} is already sent."
    before = issue.updated_at
    sending.schedule(issue=issue)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED and issue.updated_at > before


@pytest.mark.django_db
def test_unscheduling_one_issue_leaves_the_others_and_never_touches_a_sent_one():
    issue, other = scheduled_issue(60), scheduled_issue(120)
    sent = make_issue(status=Issue.Status.SENT)
    before = issue.updated_at
    assert sending.unschedule(issue=issue) == 1
    assert sending.unschedule(issue=sent) == 0
    statuses = dict(Issue.objects.values_list("pk", "status"))
    assert statuses == {issue.pk: Issue.Status.DRAFT, other.pk: Issue.Status.SCHEDULED, sent.pk: Issue.Status.SENT}
    issue.refresh_from_db()
    assert issue.updated_at > before


@pytest.mark.django_db
def test_moving_the_time_of_an_issue_that_is_not_scheduled_queues_nothing(django_capture_on_commit_callbacks):
    draft = make_issue(scheduled_for=timezone.now() + datetime.timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        sending.reschedule(issue=draft, previous=timezone.now() + datetime.timedelta(hours=2))
    assert queued == []


@pytest.mark.django_db
def test_a_scheduled_task_starts_only_its_own_issue(django_capture_on_commit_callbacks):
    due, later = scheduled_issue(-1), scheduled_issue(60)
    assert sending.start_if_due(issue_id=later.pk) == later.scheduled_for
    assert Issue.objects.get(pk=due.pk).status == Issue.Status.SCHEDULED
    with django_capture_on_commit_callbacks(execute=False):
        assert sending.start_if_due(issue_id=due.pk) is None
    assert Issue.objects.get(pk=due.pk).status == Issue.Status.SENDING
    assert Issue.objects.get(pk=later.pk).status == Issue.Status.SCHEDULED
    assert sending.start_if_due(issue_id=later.pk + due.pk + 1000) is None  # deleted meanwhile


@pytest.mark.django_db
def test_a_test_send_for_a_lane_has_only_that_lanes_parts_and_the_general_ones():
    ml, gen = make_role(name="ML Engineer"), make_role(name="GenAI Developer")
    issue = make_issue(concept="CONCEPT", architecture="ARCHITECTURE")
    SectionLane.objects.create(issue=issue, section="concept", role=ml)
    sending.send_test(issue=issue, to=["editor@example.com"], lanes=[gen.pk])
    sending.send_test(issue=issue, to=["editor@example.com"])
    lane, everyone = (message.body for message in mail.outbox)
    assert "CONCEPT" not in lane and "ARCHITECTURE" in lane
    assert "CONCEPT" in everyone and "ARCHITECTURE" in everyone


@pytest.mark.django_db(transaction=True)
def test_a_reader_who_left_before_their_turn_is_counted_as_skipped_by_the_marking_thread(settings):
    # Outside a transaction, as the worker runs: the "sending" marks run in a helper thread.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_subscriber(email="ada@example.com")
    bob = make_subscriber(email="bob@example.com")
    issue = make_issue()
    sending.start_sending(issue=issue, enqueue=False)
    Subscriber.objects.filter(pk=bob.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert (report.sent, report.skipped) == (1, 1)
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


@pytest.mark.django_db
def test_the_new_link_form_itself_records_the_page_it_is_on(client):
    html = client.get("/newsletter/confirm/garbage-token/").content.decode()
    assert '<input type="hidden" name="page" value="/newsletter/confirm/" id="nl-new-link-page">' in html


@pytest.mark.django_db
def test_sending_one_issue_leaves_another_issue_that_is_sending_alone(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_subscriber(email="ada@example.com")
    first, second = make_issue(title="First"), make_issue(title="Second")
    for issue in (first, second):
        sending.start_sending(issue=issue, enqueue=False)
    report = sending.send_pending_deliveries(issue_id=first.pk)
    assert report.sent == 1 and len(mail.outbox) == 1 and "First" in mail.outbox[0].subject
    assert list(second.deliveries.values_list("status", "claimed_by")) == [("pending", "")]
    statuses = dict(Issue.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk]) == (Issue.Status.SENT, Issue.Status.SENDING)


@pytest.mark.django_db
def test_a_claim_left_by_a_worker_that_died_before_sending_expires(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_subscriber(email="ada@example.com")
    issue = make_issue(title="Claimed")
    sending.start_sending(issue=issue, enqueue=False)
    # A worker claims the row, then dies before it sends anything.
    [claimed] = sending._claim_batch(issue, "dead-worker", 10)
    claimed.refresh_from_db()
    assert claimed.claimed_by == "dead-worker" and claimed.claimed_at is not None
    settings.NEWSLETTER_CLAIM_TIMEOUT = 0  # its claim is now old enough to be taken over
    report = sending.send_pending_deliveries(issue_id=issue.pk)
    assert report.sent == 1 and [m.to for m in mail.outbox] == [["ada@example.com"]]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
