"""Bugs that once passed the newsletter tests (found by mutation testing), each pinned here.

Written against public behaviour and stable names only (the sign-up and confirmation URLs, the
admin's CSV export, sending.start_sending / sending.send_pending_deliveries, the models), so
they keep working while the newsletter's internals move.
"""

import csv
import io
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.utils import timezone

from newsletter.models import Delivery, Subscriber
from newsletter.services import sending
from tests.concurrency import another_transaction
from tests.factories import ensure_editors_group

from .factories import make_issue, make_subscriber, make_subscribers

DAY = 24 * 60 * 60


def confirmation_link_signed(monkeypatch, django_capture_on_commit_callbacks, days_ago):
    """Sign up through the form while the clock says ``days_ago``; the link from the email."""
    real_timestamp = signing.TimestampSigner.timestamp
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(time.time() - days_ago * DAY))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/newsletter/subscribe/", {"email": f"reader-{days_ago}@example.com"})
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", real_timestamp)
    assert response.status_code == 303
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/newsletter/confirm/[^\s]+/)", body).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(("days_ago", "works"), [(6.9, True), (7.1, False)])
def test_a_confirmation_link_works_for_seven_days_and_no_longer(
    days_ago, works, monkeypatch, django_capture_on_commit_callbacks
):
    # Real ages, not ones derived from the setting: a changed lifetime (70 days) fails here.
    link = confirmation_link_signed(monkeypatch, django_capture_on_commit_callbacks, days_ago)
    response = Client().post(link)
    subscriber = Subscriber.objects.get(email=f"reader-{days_ago}@example.com")
    if works:
        assert response.status_code == 200
        assert subscriber.status == Subscriber.Status.CONFIRMED
    else:
        assert response.status_code == 410
        assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.django_db
def test_the_csv_export_keeps_every_formula_start_as_text(client, django_user_model):
    ensure_editors_group()
    manager = django_user_model.objects.create_user("manager", is_staff=True)
    manager.groups.add(Group.objects.get(name="Subscriber managers"))
    client.force_login(manager)
    emails = ["=cmd@example.com", "+cmd@example.com", "-cmd@example.com", "@cmd@example.com", "plain@example.com"]
    subscribers = [make_subscriber(email=email) for email in emails]
    response = client.post(
        "/admin/newsletter/subscriber/",
        {"action": "export_csv", "_selected_action": [str(s.pk) for s in subscribers]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert sorted(row[0] for row in rows[1:]) == sorted(
        ["'=cmd@example.com", "'+cmd@example.com", "'-cmd@example.com", "'@cmd@example.com", "plain@example.com"]
    )


class StatusAtHandOver:
    """An email backend that notes each recipient's delivery row as the message is handed over."""

    seen = []

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            row = Delivery.objects.filter(subscriber__email=message.to[0]).values("status", "sent_at").get()
            StatusAtHandOver.seen.append((message.to[0], row["status"], row["sent_at"]))
        return len(messages)


@pytest.mark.django_db
def test_a_delivery_is_marked_sent_only_after_its_message_is_handed_over(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.StatusAtHandOver"
    StatusAtHandOver.seen = []
    subscribers = make_subscribers(3)
    issue = make_issue()
    with django_capture_on_commit_callbacks(execute=False):
        sending.start_sending(issue=issue)
    sending.send_pending_deliveries(issue_id=issue.pk)
    assert sorted(email for email, _, _ in StatusAtHandOver.seen) == sorted(s.email for s in subscribers)
    # "sending" while the mail server has it: a crash now leaves it for the never-resend rule.
    assert {(status, sent_at) for _, status, sent_at in StatusAtHandOver.seen} == {(Delivery.Status.SENDING, None)}
    assert set(issue.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_worker_skips_rows_another_worker_holds_instead_of_waiting(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_subscribers(3)
    issue = make_issue()
    sending.start_sending(issue=issue, enqueue=False)
    held = issue.deliveries.order_by("pk").first()

    def claim():
        # Another worker in the middle of its claim: the row is locked by its open transaction.
        Delivery.objects.select_for_update().filter(pk=held.pk).get()

    with another_transaction(claim):
        with connection.cursor() as cursor:
            # Waiting for the lock would be the bug: give up after 3 s instead of hanging the test.
            cursor.execute("SET lock_timeout = '3s'")
        try:
            started = timezone.now()
            sending.send_pending_deliveries(issue_id=issue.pk)
            waited = (timezone.now() - started).total_seconds()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    assert waited < 3
    assert len(mail.outbox) == 2
    held.refresh_from_db()
    assert held.status == Delivery.Status.PENDING
