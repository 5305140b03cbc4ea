"""The page cache: visitors get cached pages with their own CSRF token, an editor's change shows
on the next request, conditional GET answers 304, and the site works with the cache down."""

import re
from html import escape

import pytest
from django.core.cache import cache
from django.test import Client

from newsletter.models import Issue, Subscriber
from roles.models import Role, SkillArea
from tests.factories import CURATED_TRIO_PATH

pytestmark = pytest.mark.django_db

CACHED_PAGES = [
    "/",
    "/roles/",
    "/roles/ai-engineer/",
    "/compare/",
    CURATED_TRIO_PATH,
    "/fit/",
    "/certifications/",
    "/certifications/ai-103/",
    "/newsletter/",
    "/newsletter/issues/",
    "/newsletter/feed/",
]


def csrf_token(response):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_second_visitor_is_served_from_the_cache_without_sql(path, client, sample_content, django_assert_num_queries):
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(path)
    assert second.status_code == 200
    # Same page, except each visitor's own CSRF token and CSP nonce.
    strip = re.compile(rb'value="[A-Za-z0-9]{64}"|nonce="[^"]+"')
    assert strip.sub(b"", first.content) == strip.sub(b"", second.content)


def test_each_visitor_gets_a_working_csrf_token_from_a_cached_page(sample_content, django_capture_on_commit_callbacks):
    Client().get("/newsletter/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/newsletter/")
    token = csrf_token(page)
    assert token and "csrftoken" in visitor.cookies
    with django_capture_on_commit_callbacks(execute=True):  # the sign-up task runs after the commit
        response = visitor.post("/newsletter/subscribe/", {"email": "cached@example.com", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert Subscriber.objects.filter(email="cached@example.com").exists()


def test_an_edit_in_the_admin_shows_on_the_next_request(sample_content, editor_client):
    visitor = Client()
    area = SkillArea.objects.get(slug="maths-statistics")
    assert escape(area.name).encode() in visitor.get("/roles/ml-engineer/").content
    response = editor_client.post(
        f"/admin/roles/skillarea/{area.pk}/change/",
        {"name": "Statistics and linear algebra", "slug": area.slug, "description": "", "display_order": 3},
    )
    assert response.status_code == 302
    page = visitor.get("/roles/ml-engineer/").content
    assert b"Statistics and linear algebra" in page


def test_unpublishing_a_role_removes_it_from_cached_pages_at_once(sample_content):
    visitor = Client()
    assert b"Forward Deployed Engineer" in visitor.get("/roles/").content
    role = Role.objects.get(slug="forward-deployed-engineer")
    role.is_published = False
    role.save()
    assert b"Forward Deployed Engineer" not in visitor.get("/roles/").content


def edit_role():
    role = Role.objects.get(slug="ai-engineer")
    role.summary = "A changed summary."
    role.save()


def edit_issue():
    issue = Issue.objects.filter(status=Issue.Status.SENT).latest("number")
    issue.title = "A changed title"
    issue.save()


@pytest.mark.parametrize(("path", "edit"), [("/roles/ai-engineer/", edit_role), ("/newsletter/feed/", edit_issue)])
def test_conditional_get_answers_304_until_the_content_changes(path, edit, sample_content):
    visitor = Client()
    first = visitor.get(path)
    etag = first["ETag"]
    assert etag
    again = visitor.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    edit()
    changed = visitor.get(path, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_editors_bypass_the_cache_and_see_previews(sample_content, editor_client):
    Role.objects.filter(slug="ml-engineer").update(is_published=False)
    cache.clear()
    assert Client().get("/roles/ml-engineer/").status_code == 404
    assert editor_client.get("/roles/ml-engineer/").status_code == 200


def test_the_site_works_while_redis_is_down(sample_content, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.1, "SOCKET_TIMEOUT": 0.1},
        }
    }
    for path in ["/", "/roles/ai-engineer/", "/certifications/"]:
        assert Client().get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the sign-up task runs after the commit
        response = Client().post("/newsletter/subscribe/", {"email": "no-redis@example.com"})
    assert response.status_code == 200
    assert Subscriber.objects.filter(email="no-redis@example.com").exists()


def test_pages_are_cached_in_redis_when_it_is_up(sample_content, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    cache.clear()
    Client().get("/roles/")
    role = Role.objects.get(slug="ai-engineer")
    role.name = "AI Engineer (edited)"
    role.save()
    assert b"AI Engineer (edited)" in Client().get("/roles/").content
    cache.clear()


def test_every_worker_hears_of_an_edit_through_redis(sample_content, settings):
    """Two watchers stand for two gunicorn workers: a bump in one reaches the other at once."""
    import time

    from careerhub.cache import GenerationWatcher, content_generation

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    other_worker = GenerationWatcher()
    before = other_worker.current()
    deadline = time.monotonic() + 5
    while other_worker.generation is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the listener subscribes in the background
    assert other_worker.generation == before

    role = Role.objects.get(slug="ml-engineer")
    role.summary = "Edited in another worker."
    role.save()
    after = content_generation()
    assert after > before
    while other_worker.generation != after and time.monotonic() < deadline:
        time.sleep(0.005)
    assert other_worker.generation == after
    other_worker.location = None  # stops its listener
    cache.clear()


def test_the_unpublish_action_in_the_admin_empties_cached_pages(sample_content, editor_client):
    visitor = Client()
    assert b"Forward Deployed Engineer" in visitor.get("/roles/").content
    role = Role.objects.get(slug="forward-deployed-engineer")
    response = editor_client.post(
        "/admin/roles/role/", {"action": "unpublish", "_selected_action": [role.pk], "index": 0}
    )
    assert response.status_code == 302
    assert b"Forward Deployed Engineer" not in visitor.get("/roles/").content


def test_unknown_query_parameters_are_rendered_but_never_cached(sample_content, django_assert_max_num_queries):
    Client().get("/roles/?utm_source=x")
    with django_assert_max_num_queries(10) as queries:
        Client().get("/roles/?utm_source=x")
    assert len(queries) > 0
    Client().get("/certifications/?provider=aws")
    with django_assert_max_num_queries(0):
        Client().get("/certifications/?provider=aws")
