"""Counts without tracking people: clicks per issue, link and day, never per subscriber.

With NEWSLETTER_COUNT_CLICKS on, an issue's links go through /newsletter/r/<issue>/<position>/
(recorded when sending starts). The redirect goes only to a link recorded for that issue.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .. import emails
from ..models import IssueLink, LinkClicks


def counted_links(issue):
    """{url: position} for the issue's links when clicks are counted (recorded once), else None."""
    if not settings.NEWSLETTER_COUNT_CLICKS:
        return None
    IssueLink.objects.bulk_create(
        [IssueLink(issue=issue, position=n, url=url) for n, url in enumerate(emails.links_in(issue), start=1)],
        ignore_conflicts=True,  # recorded by an earlier run (a resumed send): positions stay as they were
    )
    return {url: position for position, url in issue.links.values_list("position", "url")}


def follow(*, issue_number, position, count=True):
    """Count one click and return where it goes; None for a link that is not in that issue."""
    link = IssueLink.objects.filter(issue__number=issue_number, position=position).only("pk", "url").first()
    if link is None or not count:
        return link and link.url
    today = timezone.localdate()
    if not LinkClicks.objects.filter(link=link, day=today).update(clicks=F("clicks") + 1):
        try:
            with transaction.atomic():
                LinkClicks.objects.create(link=link, day=today, clicks=1)
        except IntegrityError:  # the first click of the day, twice at once
            LinkClicks.objects.filter(link=link, day=today).update(clicks=F("clicks") + 1)
    return link.url


def click_counts(issue):
    """[(link, total clicks, [(day, clicks), ...])] for the admin."""
    days = {}
    for link_id, day, clicks in LinkClicks.objects.filter(link__issue=issue).values_list("link_id", "day", "clicks"):
        days.setdefault(link_id, []).append((day, clicks))
    totals = dict(issue.links.annotate(total=Sum("daily_clicks__clicks")).values_list("pk", "total"))
    return [(link, totals.get(link.pk) or 0, days.get(link.pk, [])) for link in issue.links.all()]
