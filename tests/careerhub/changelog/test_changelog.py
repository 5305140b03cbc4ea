import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from careerhub.changelog.models import Entry
from tests.certifications.factories import make_certification, make_fact, make_source
from tests.factories import make_role

pytestmark = pytest.mark.django_db


def make_entry(**fields):
    values = {"date": datetime.date(2026, 6, 30), "title": "AI-102 retired", "note": "AI-103 takes its place."}
    values.update(fields)
    return Entry.objects.create(**values)


def test_changes_are_listed_newest_first_and_hidden_ones_are_not(client, django_assert_num_queries):
    make_entry(date=datetime.date(2026, 4, 21), title="AI-103 beta opens")
    make_entry(date=datetime.date(2026, 7, 31), title="AZ-204 retired", link="/certifications/ai-200/")
    make_entry(date=datetime.date(2026, 8, 1), title="Draft note", is_published=False)
    with django_assert_num_queries(1):
        response = client.get("/changes/")
    page = response.content.decode()
    assert page.index("AZ-204 retired") < page.index("AI-103 beta opens")
    assert "Draft note" not in page
    assert '<a href="/certifications/ai-200/">AZ-204 retired</a>' in page
    assert client.get("/changes/").content == response.content  # the same bytes for every visitor
    assert "Set-Cookie" not in response


def test_the_query_count_does_not_grow_with_the_entries(client, django_assert_num_queries):
    for day in range(1, 20):
        make_entry(date=datetime.date(2026, 1, day), title=f"Change {day}")
    with django_assert_num_queries(1):
        client.get("/changes/")


def test_the_feed_is_rss_with_one_item_per_published_entry(client):
    make_entry()
    make_entry(title="Hidden", is_published=False)
    response = client.get("/changes/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    items = ET.fromstring(response.content).findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["AI-102 retired"]


def test_sample_content_holds_the_changes_of_2026_and_loads_once(sample_content):
    titles = set(Entry.objects.values_list("title", flat=True))
    assert "AI-102 retired; AI-103 takes its place" in titles
    assert all(entry.date.year == 2026 for entry in Entry.objects.all())
    Entry.objects.filter(title__startswith="AI-102").update(note="Edited by an editor.")
    call_command("load_sample_content", stdout=io.StringIO())
    assert Entry.objects.count() == len(titles)
    assert Entry.objects.get(title__startswith="AI-102").note == "Edited by an editor."


def json_ld(page):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_role_pages_show_last_reviewed_and_carry_date_modified(client):
    role = make_role(last_reviewed=datetime.date(2026, 11, 1))
    page = client.get(role.get_absolute_url()).content.decode()
    assert "1 November 2026" in page
    data = json_ld(page)
    assert data["dateModified"] == role.updated_at.isoformat() and data["lastReviewed"] == "2026-11-01"


def test_certification_pages_show_last_reviewed_and_carry_date_modified(client):
    certification = make_certification()
    make_fact(certification, checked_on=datetime.date(2026, 10, 2), source=make_source(certification))
    page = client.get(certification.get_absolute_url()).content.decode()
    assert "Facts checked on <time" in page and "2 October 2026" in page
    assert json_ld(page)["dateModified"] == certification.updated_at.isoformat()
