"""Public newsletter pages: what they show, what they hide, and how many queries they cost."""

import re

import pytest

from newsletter import views
from newsletter.models import Issue
from newsletter.services import sending

from .factories import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


def make_archive(count):
    return [make_issue(status=Issue.Status.SENT) for _ in range(count)]


def hidden_issues():
    return [
        make_issue(title="A draft", status=Issue.Status.DRAFT),
        make_issue(title="Scheduled one", status=Issue.Status.SCHEDULED),
        make_issue(title="Going out now", status=Issue.Status.SENDING),
        make_issue(title="Sent but unpublished", status=Issue.Status.SENT, is_published=False),
    ]


def test_newsletter_page_explains_it_and_shows_the_latest_sent_issue(client, settings):
    settings.NEWSLETTER_NAME = "The Lane Change"
    older = make_issue(number=1, title="Older issue", status=Issue.Status.SENT)
    latest = make_issue(number=2, title="Latest issue", status=Issue.Status.SENT)
    make_issue(number=3, title="Draft issue")
    response = client.get("/newsletter/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="page-title">The Lane Change</h1>' in body
    for part in ["One concept", "One architecture", "One project idea", "One interview question"]:
        assert part in body
    assert "No spam" in body and "unsubscribe" in body
    assert latest.title in body and older.title not in body and "Draft issue" not in body
    assert body.count('action="/newsletter/subscribe/"') == 1  # the page's own form; the footer leaves it out


def test_newsletter_page_without_any_sent_issue(client):
    make_issue(title="Draft issue")
    response = client.get("/newsletter/")
    assert response.status_code == 200
    assert "A recent issue" not in response.content.decode()


def test_the_sign_up_form_is_in_the_footer_of_every_page(client, sample_content):
    for path in ["/", "/roles/", "/roles/ai-engineer/", "/compare/", "/newsletter/issues/"]:
        body = client.get(path).content.decode()
        assert 'name="source" value="footer"' in body, path
        assert f'name="page" value="{path}"' in body, path
        assert "csrfmiddlewaretoken" not in body, path  # the same bytes for every visitor


def test_navigation_links_to_the_newsletter(client):
    assert b'href="/newsletter/">Newsletter</a>' in client.get("/").content


def test_archive_lists_sent_published_issues_only_newest_first(client):
    first, second = make_issue(number=1, status="sent"), make_issue(number=2, status="sent")
    hidden = hidden_issues()
    body = client.get("/newsletter/issues/").content.decode()
    assert body.index(second.title) < body.index(first.title)
    for issue in hidden:
        assert issue.title not in body


def test_archive_pages_past_twenty(client):
    make_archive(23)
    assert len(client.get("/newsletter/issues/").context["issues"]) == 20
    page_two = client.get("/newsletter/issues/?page=2")
    assert page_two.status_code == 200
    assert len(page_two.context["issues"]) == 3
    assert client.get("/newsletter/issues/?page=9").status_code == 404


def test_an_archived_issue_page_shows_the_four_parts_and_no_personal_links(client):
    issue = make_issue(number=5, status="sent", concept="Use **evals**.")
    response = client.get("/newsletter/issues/5/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="page-title">{issue.title}</h1>' in body
    assert "<strong>evals</strong>" in body
    assert "/newsletter/unsubscribe/" not in body and "/newsletter/confirm/" not in body


@pytest.mark.parametrize("index", range(4))
def test_drafts_and_other_unarchived_issues_404(client, index):
    issue = hidden_issues()[index]
    assert client.get(f"/newsletter/issues/{issue.number}/").status_code == 404


def test_unknown_issue_number_404(client):
    assert client.get("/newsletter/issues/999999/").status_code == 404


def test_feed_lists_archived_issues_only(client):
    issue = make_issue(number=4, status="sent", title="In the feed")
    hidden = hidden_issues()
    response = client.get("/newsletter/feed/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "<title>#4: In the feed</title>" in body
    assert "http://testserver/newsletter/issues/4/" in body
    assert "One interview question" in body
    for other in hidden:
        assert other.title not in body
    assert issue.preheader in body


def test_sitemap_lists_the_newsletter_pages_and_archived_issues_only(client):
    make_issue(number=11, status="sent")
    make_issue(number=12, status="draft")
    body = client.get("/sitemap.xml").content.decode()
    assert "/newsletter/</loc>" in body and "/newsletter/issues/</loc>" in body
    assert "/newsletter/issues/11/" in body
    assert "/newsletter/issues/12/" not in body


# Query counts: constant whatever the amount of content.

PAGES = [
    ("/newsletter/", 1),  # the latest archived issue
    ("/newsletter/issues/", 2),  # count for the paginator + one page of issues
    ("/newsletter/issues/1/", 4),  # the issue, the roles its parts are for, the previous and next issues
    ("/newsletter/feed/", 1),
]


@pytest.mark.parametrize(("path", "queries"), PAGES)
@pytest.mark.parametrize("issues", [1, 40])
def test_public_pages_run_a_constant_number_of_queries(client, django_assert_num_queries, path, queries, issues):
    make_issue(number=1, status="sent")
    make_archive(issues - 1)
    hidden_issues()
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_the_subscribe_post_only_queues_its_task(
    client, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # The request reads nothing about the address; the sign-up task looks it up.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_assert_num_queries(1) as queries, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/newsletter/subscribe/", {"email": "a@example.com", "source": "page"})
    assert response.status_code == 303
    assert queries.captured_queries[0]["sql"].startswith('INSERT INTO "django_tasks_database_dbtaskresult"')


def test_a_cached_archive_shows_an_issue_as_soon_as_it_is_sent(client, django_assert_num_queries):

    make_issue(number=1, status="sent", title="First")
    assert "Second" not in client.get("/newsletter/issues/").content.decode()
    with django_assert_num_queries(0):  # served from the page cache
        client.get("/newsletter/issues/")
    second = make_issue(number=2, title="Second")
    sending.start_sending(issue=second)
    for path in ["/newsletter/issues/", "/newsletter/", "/newsletter/feed/"]:
        assert "Second" not in client.get(path).content.decode(), path  # sending: cached without it
    sending.send_pending_deliveries(issue_id=second.pk)  # nobody to send to: sent at once
    for path in ["/newsletter/issues/", "/newsletter/", "/newsletter/feed/"]:
        assert "Second" in client.get(path).content.decode(), path


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
def test_only_the_admins_preview_of_an_issue_carries_the_preview_banner(client, rf):
    issue = make_issue(number=6, status=Issue.Status.SENT)
    assert "preview-banner" not in client.get("/newsletter/issues/6/").content.decode()
    preview = views.issue_page(rf.get("/admin/newsletter/issue/preview/"), issue, preview=True)
    assert "preview-banner" in preview.content.decode()


@pytest.mark.django_db
def test_the_new_link_form_itself_records_the_page_it_is_on(client):
    html = client.get("/newsletter/confirm/garbage-token/").content.decode()
    assert '<input type="hidden" name="page" value="/newsletter/confirm/" id="nl-new-link-page">' in html
