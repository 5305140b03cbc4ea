"""The review queue on the admin index: what needs an editor's eyes, each with its change page."""

import datetime
from itertools import chain

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from certifications.models import Certification, Fact
from roles.models import Role

from .models import Draft
from .services import scheduled_models

ROLE_REVIEW_DAYS = 180
FACT_REVIEW_DAYS = 90
SCHEDULED_SHOWN = 10


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def fact_review_url(certification):
    """Certifications are reviewed fact by fact, beside each source and quotation: no one-click button."""
    return reverse("admin:certifications_certification_review", args=[certification.pk])


def mark_reviewed_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_mark_reviewed", args=[obj.pk])


def review_queue(today=None):
    """Sections of {"title", "items": [{"obj", "url", "note", "review_url"}]}; a fixed number of queries."""
    today = today or timezone.localdate()
    role_due = today - datetime.timedelta(days=ROLE_REVIEW_DAYS)
    fact_due = today - datetime.timedelta(days=FACT_REVIEW_DAYS)
    roles = Role.objects.filter(last_reviewed__lt=role_due).order_by("last_reviewed")
    stale = Fact.objects.filter(certification=OuterRef("pk")).unchecked_since(fact_due)
    certifications = (
        Certification.objects.select_related("provider")
        .alias(stale=Exists(stale))
        .filter(stale=True)
        .prefetch_related("facts", "domains__weights")
    )
    flagged = Q(sources__needs_review=True) | Q(facts__needs_review=True) | Q(domains__weights__needs_review=True)
    sources = Certification.objects.select_related("provider").filter(flagged).distinct()
    drafts = Draft.objects.select_related("content_type", "created_by").prefetch_related("content_object")
    scheduled = sorted(
        chain.from_iterable(
            model._default_manager.filter(Q(publish_at__isnull=False) | Q(unpublish_at__isnull=False))
            for model in scheduled_models()
        ),
        key=lambda obj: min(t for t in (obj.publish_at, obj.unpublish_at) if t),
    )[:SCHEDULED_SHOWN]
    return [
        {
            "title": f"Roles not reviewed for {ROLE_REVIEW_DAYS} days",
            "items": [
                {
                    "obj": role,
                    "url": change_url(role),
                    "review_url": mark_reviewed_url(role),
                    "note": f"last reviewed {role.last_reviewed:%-d %b %Y}",
                }
                for role in roles
            ],
        },
        {
            "title": f"Certification facts not checked for {FACT_REVIEW_DAYS} days",
            "items": [
                {
                    "obj": c,
                    "url": fact_review_url(c),
                    "note": f"facts last checked {c.last_checked():%-d %b %Y}"
                    if c.last_checked()
                    else "facts never checked",
                }
                for c in certifications
            ],
        },
        {
            "title": "Certifications whose sources changed or broke",
            "items": [
                {"obj": c, "url": fact_review_url(c), "note": "the checker saw a change, an error or a lost quotation"}
                for c in sources
            ],
        },
        {
            "title": "Drafts waiting to be published",
            "items": [
                {
                    "obj": d.content_object or d,
                    "url": reverse(
                        f"admin:{d.content_type.app_label}_{d.content_type.model}_change", args=[d.object_id]
                    ),
                    "note": f"saved {timezone.localtime(d.updated_at):%-d %b %Y %H:%M}"
                    + (f" by {d.created_by.get_username()}" if d.created_by else ""),
                }
                for d in drafts
            ],
        },
        {
            "title": "Scheduled next",
            "items": [
                {
                    "obj": obj,
                    "url": change_url(obj),
                    "note": " · ".join(
                        f"{label} {timezone.localtime(when):%-d %b %Y %H:%M}"
                        for label, when in (("publishes", obj.publish_at), ("unpublishes", obj.unpublish_at))
                        if when
                    ),
                }
                for obj in scheduled
            ],
        },
    ]
