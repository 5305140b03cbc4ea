"""Counts without tracking people: clicks per issue, link and day, behind a setting that is off by default."""

import datetime
import re
import threading

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from newsletter.models import IssueLink, LinkClicks
from newsletter.services import clicks, sending
from tests.concurrency import another_transaction

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

ISSUE_TEXT = {
    "concept": "Read [the paper](https://arxiv.org/abs/1706.03762) and [our roles](/roles/).",
    "architecture": "Again [the paper](https://arxiv.org/abs/1706.03762), then [a guide](https://example.org/guide).",
}


def send(issue, smtp):
    sending.start_sending(issue=issue)
    sending.send_pending_deliveries(issue_id=issue.pk)
    return [m["message"].get_body(("plain",)).get_content() for m in smtp.messages]


def test_off_by_default_links_are_left_alone(smtp):
    assert django_settings.NEWSLETTER_COUNT_CLICKS is False
    make_subscriber()
    [text] = send(make_issue(**ISSUE_TEXT), smtp)
    assert "https://arxiv.org/abs/1706.03762" in text and "/newsletter/r/" not in text
    assert not IssueLink.objects.exists()


@pytest.fixture
def counting(settings):
    settings.NEWSLETTER_COUNT_CLICKS = True


@pytest.mark.usefixtures("counting")
def test_links_go_through_the_counter_and_clicks_are_counted_per_link_and_day(client, smtp):
    readers = [make_subscriber(), make_subscriber()]
    issue = make_issue(number=12, **ISSUE_TEXT)
    texts = send(issue, smtp)
    assert len(texts) == len(readers)
    assert texts[0].replace(readers[0].unsubscribe_token, "").count("/newsletter/r/12/") == 4
    assert "https://arxiv.org" not in texts[0]
    assert list(issue.links.values_list("position", "url")) == [
        (1, "https://arxiv.org/abs/1706.03762"),
        (2, "http://testserver/roles/"),
        (3, "https://example.org/guide"),
    ]
    # The same link URL for every reader: nothing in it says who clicked.
    assert set(re.findall(r"/newsletter/r/12/\d+/", texts[0])) == set(re.findall(r"/newsletter/r/12/\d+/", texts[1]))

    for _ in range(3):
        response = client.get("/newsletter/r/12/1/")
    assert response.status_code == 302 and response["Location"] == "https://arxiv.org/abs/1706.03762"
    client.get("/newsletter/r/12/3/")
    client.head("/newsletter/r/12/3/")  # link checkers and scanners: redirected, not counted
    assert dict(LinkClicks.objects.values_list("link__position", "clicks")) == {1: 3, 3: 1}
    assert LinkClicks.objects.count() == 2  # one row per link and day, not per click or person


@pytest.mark.usefixtures("counting")
@pytest.mark.parametrize("path", ["/newsletter/r/12/9/", "/newsletter/r/13/1/", "/newsletter/r/12/0/"])
def test_only_links_of_that_issue_redirect(client, smtp, path):
    make_subscriber()
    send(make_issue(number=12, **ISSUE_TEXT), smtp)
    make_issue(number=13)
    assert client.get(path).status_code == 404
    assert not LinkClicks.objects.exists()


def test_the_redirect_is_not_an_open_redirect(client):
    for path in ["/newsletter/r/1/1/?next=https://evil.example", "/newsletter/r/x/https:evil.example/"]:
        assert client.get(path).status_code == 404


@pytest.mark.usefixtures("counting")
def test_a_resumed_send_keeps_the_link_positions(smtp):
    make_subscriber()
    issue = make_issue(**ISSUE_TEXT)
    send(issue, smtp)
    before = list(issue.links.values_list("position", "url"))
    sending.send_pending_deliveries(issue_id=issue.pk)
    assert list(issue.links.values_list("position", "url")) == before


@pytest.mark.usefixtures("counting")
def test_the_admin_shows_the_counts(editor_client, client, smtp):
    make_subscriber()
    issue = make_issue(number=12, **ISSUE_TEXT)
    send(issue, smtp)
    client.get("/newsletter/r/12/3/")
    page = editor_client.get(f"/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert "https://example.org/guide</td><td>1</td>" in page
    assert "nobody&#x27;s clicks are recorded" in page or "nobody's clicks are recorded" in page


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
