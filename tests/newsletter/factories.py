"""Factories for the newsletter tests: each makes one valid object, overriding only what a test cares about."""

import datetime
import itertools

from django.utils import timezone

from newsletter.models import Issue, Subscriber

_seq = itertools.count(1)


def make_subscriber(email=None, status=Subscriber.Status.CONFIRMED, **fields):
    n = next(_seq)
    now = timezone.now()
    values = {
        "email": email or f"reader{n}@example.com",
        "status": status,
        "consent_source": "sign-up form on /newsletter/",
        "consent_text": "One email a week.",
        "consent_version": "test",
        "subscribed_at": now - datetime.timedelta(days=1),
        "confirmation_sent_at": now - datetime.timedelta(days=1),
        "confirmed_at": now if status == Subscriber.Status.CONFIRMED else None,
        "unsubscribed_at": now if status == Subscriber.Status.UNSUBSCRIBED else None,
    }
    values.update(fields)
    return Subscriber.objects.create(**values)


def make_subscribers(count, **fields):
    return [make_subscriber(**fields) for _ in range(count)]


def make_issue(number=None, status=Issue.Status.DRAFT, **fields):
    n = next(_seq)
    values = {
        "number": number or 1000 + n,
        "title": f"Issue title {n}",
        "preheader": f"Preheader {n}.",
        "concept": "A concept with a [link to roles](/roles/).",
        "architecture": "An **architecture**.",
        "project_idea": "A project idea.",
        "interview_question": "An interview question?",
        "status": status,
        "sent_at": timezone.now() if status == Issue.Status.SENT else None,
    }
    values.update(fields)
    return Issue.objects.create(**values)
