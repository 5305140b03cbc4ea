"""The page cache: every anonymous visitor gets the same bytes, public cache headers and an ETag;
an editor's change shows on the next request; editors get private pages; the site works with the
cache down."""

import gzip
import time
from html import escape

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django_redis import get_redis_connection

from careerhub import cache as page_cache
from newsletter.models import Issue, Subscriber
from roles.models import ProjectIdea, Role, SkillArea
from tests import workers
from tests.factories import CURATED_TRIO_PATH, make_project, make_role, make_skill_area
from tests.newsletter.factories import make_subscriber

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


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_second_visitor_gets_the_same_bytes_without_sql(path, sample_content, django_assert_num_queries):
    first = Client().get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(path)
    assert second.status_code == 200
    assert first.content == second.content
    for response in (first, second):
        assert response.cookies == {}
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=5"}
        assert response["ETag"] == first["ETag"]
        assert "Cookie" not in response.get("Vary", "")
    assert b"csrfmiddlewaretoken" not in first.content and b"nonce=" not in first.content


def test_editors_get_private_pages_that_never_reach_visitors(
    sample_content, editor_client, django_assert_max_num_queries
):
    Role.objects.filter(slug="ml-engineer").update(is_published=False)
    cache.clear()
    preview = editor_client.get("/roles/ml-engineer/")
    assert preview.status_code == 200
    assert "private" in preview["Cache-Control"] and "public" not in preview["Cache-Control"]
    assert Client().get("/roles/ml-engineer/").status_code == 404
    # An editor's view of a public page is not stored either: visitors never get editor-only bytes.
    editor_client.get("/roles/")
    with django_assert_max_num_queries(10) as queries:
        Client().get("/roles/")
    assert len(queries) > 0


def test_deleting_content_empties_cached_pages(sample_content):
    visitor = Client()
    project = ProjectIdea.objects.filter(role__slug="genai-developer").first()
    assert escape(project.title).encode() in visitor.get("/roles/genai-developer/").content
    project.delete()
    assert escape(project.title).encode() not in visitor.get("/roles/genai-developer/").content


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


@pytest.mark.parametrize("accept", ["gzip", "gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8", "deflate, gzip;q=1.0"])
def test_clients_that_accept_gzip_get_the_page_compressed_once(accept, sample_content, django_assert_num_queries):
    plain = Client().get("/roles/ai-engineer/")
    first = Client().get("/roles/ai-engineer/", headers={"accept-encoding": accept})
    with django_assert_num_queries(0):  # the compressed copy is stored as such
        packed = Client().get("/roles/ai-engineer/", headers={"accept-encoding": accept})
    assert packed["Content-Encoding"] == "gzip"
    assert packed.content == first.content  # the same bytes for every visitor, compressed once
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    # Two representations: their own ETags, each answered with 304, and shared caches told to keep both.
    assert packed["ETag"] != plain["ETag"]
    for response in (plain, packed):
        assert response["Vary"] == "Accept-Encoding"
    again = Client().get("/roles/ai-engineer/", headers={"accept-encoding": accept, "if-none-match": packed["ETag"]})
    assert again.status_code == 304
    assert Client().get("/roles/ai-engineer/", headers={"if-none-match": packed["ETag"]}).status_code == 200


# Django's GZipMiddleware does not read q-values ("gzip;q=0"), which no browser sends.
@pytest.mark.parametrize("accept", ["", "identity", "br"])
def test_clients_that_do_not_accept_gzip_get_plain_html(accept, sample_content):
    plain = Client().get("/roles/ai-engineer/")
    response = Client().get("/roles/ai-engineer/", headers={"accept-encoding": accept})
    assert "Content-Encoding" not in response
    assert response.content == plain.content
    assert b"AI Engineer</h1>" in response.content


def test_the_site_works_while_redis_is_down(sample_content, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.1, "SOCKET_TIMEOUT": 0.1},
        },
    }
    for path in ["/", "/roles/ai-engineer/", "/certifications/"]:
        assert Client().get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the sign-up task runs after the commit
        response = Client().post("/newsletter/subscribe/", {"email": "no-redis@example.com"})
    assert response.status_code == 303
    assert "Check your inbox" in Client().get(response["Location"]).content.decode()
    assert Subscriber.objects.filter(email="no-redis@example.com").exists()


def test_an_edit_on_another_node_reaches_this_one_through_redis(
    sample_content, settings, django_assert_max_num_queries, monkeypatch
):
    # A longer trust window than production's 0.5 s, so a busy machine cannot outlast it between two GETs.
    monkeypatch.setattr(page_cache, "GENERATION_CHECK", 2)
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": workers.REDIS_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        },
    }
    cache.clear()
    Client().get("/roles/")
    with django_assert_max_num_queries(0):
        Client().get("/roles/")
    # Another node saves an edit: it bumps the generation in Redis, and nothing else reaches this process.
    generation_key = cache.make_key(page_cache.GENERATION_KEY)
    assert get_redis_connection("default").incr(generation_key)
    with django_assert_max_num_queries(0):
        Client().get("/roles/")  # this process trusts the generation it read for GENERATION_CHECK seconds
    time.sleep(page_cache.GENERATION_CHECK)
    with django_assert_max_num_queries(20) as queries:
        Client().get("/roles/")
    assert len(queries) > 0
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


def test_each_host_and_scheme_gets_its_own_cached_page(sample_content, django_assert_max_num_queries):
    # One node may answer for several names, over http and https; a page that names its host
    # (absolute links) must never reach another name, so none is ever served across them.
    for host, secure in [("localhost", False), ("127.0.0.1", False), ("localhost", True)]:
        with django_assert_max_num_queries(20) as rendering:
            assert Client().get("/roles/", headers={"host": host}, secure=secure).status_code == 200
        assert len(rendering) > 0, f"{host} (secure={secure}) was served another name's copy"
        with django_assert_max_num_queries(0):
            Client().get("/roles/", headers={"host": host}, secure=secure)


def test_a_view_that_marks_its_answer_private_is_never_stored(sample_content, django_assert_max_num_queries):
    # The catalogue with a filter value it ignores says no-store: every such request is rendered.
    for _ in range(2):
        with django_assert_max_num_queries(20) as queries:
            response = Client().get("/certifications/?provider=nobody")
        assert len(queries) > 0
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_visitor_with_a_session_never_gets_a_cached_page(sample_content, settings, django_assert_max_num_queries):
    Client().get("/roles/ai-engineer/")
    with_session = Client()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "abc"
    with django_assert_max_num_queries(20) as queries:
        response = with_session.get("/roles/ai-engineer/")
    assert len(queries) > 0
    assert "private" in response["Cache-Control"]


def test_an_update_without_signals_shows_once_content_changed_is_called(sample_content):
    Client().get("/roles/ai-engineer/")
    Role.objects.filter(slug="ai-engineer").update(name="AI Engineer (edited)")
    page_cache.content_changed()
    assert b"AI Engineer (edited)" in Client().get("/roles/ai-engineer/").content


# The parts: what registers a model, and the content generation.


def test_watch_bumps_once_per_change_of_the_watched_model_only(db, django_user_model):
    page_cache.watch(ProjectIdea)  # again, as at start-up: it must not add a second receiver
    role, area = make_role(), make_skill_area()
    steps = [
        lambda: make_project(role),
        lambda: ProjectIdea.objects.get().skills.add(area),
        lambda: ProjectIdea.objects.get().delete(),
    ]
    bumps = []
    for step in steps:
        before = page_cache.content_generation()
        step()
        bumps.append(page_cache.content_generation() - before)
    assert bumps == [1, 2, 1]  # a many-to-many change signals twice (before and after)
    user, group = django_user_model.objects.create_user("reader"), Group.objects.create(name="Readers")
    before = page_cache.content_generation()
    make_subscriber()  # not public content: pages stay
    user.groups.add(group)  # nor is a many-to-many change of another model
    assert page_cache.content_generation() == before


def test_the_first_generation_starts_from_the_clock_in_microseconds_and_never_expires(monkeypatch):
    generation = page_cache.content_generation()
    assert abs(generation - time.time() * 1_000_000) < 5_000_000
    later = time.time() + 30 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert cache.get(page_cache.GENERATION_KEY) == generation


def test_a_bump_adds_one_and_starts_from_the_clock_if_the_generation_was_lost(monkeypatch):
    first = page_cache.content_generation()
    page_cache.bump_content_generation()
    assert page_cache.content_generation() == first + 1
    cache.clear()  # the generation is lost (Redis emptied): the next bump starts from the clock
    page_cache.bump_content_generation()
    assert abs(cache.get(page_cache.GENERATION_KEY) - time.time() * 1_000_000) < 5_000_000
    later = time.time() + 30 * 24 * 3600  # and a generation started by a bump never expires either
    monkeypatch.setattr(time, "time", lambda: later)
    assert cache.get(page_cache.GENERATION_KEY) is not None


def test_content_changed_bumps_now_and_again_after_the_commit(db, django_capture_on_commit_callbacks):
    first = page_cache.content_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.content_changed()
    assert page_cache.content_generation() == first + 1
    assert len(callbacks) == 1
    callbacks[0]()
    assert page_cache.content_generation() == first + 2


def test_a_bump_that_fails_after_the_commit_never_breaks_the_write(db, monkeypatch, django_capture_on_commit_callbacks):
    # The write is committed by then; the pages expire within PAGE_TIMEOUT anyway.
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.content_changed()

        def broken(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        monkeypatch.setattr(cache, "incr", broken)


@pytest.mark.parametrize(
    ("method", "cookies", "query", "cacheable"),
    [
        ("GET", {}, "", True),
        ("HEAD", {}, "", True),
        ("GET", {}, "?provider=aws&level=associate&role=x&status=retiring&page=2", True),
        ("POST", {}, "", False),
        ("OPTIONS", {}, "", False),
        ("GET", {"sessionid": "x"}, "", False),
        ("GET", {"messages": "x"}, "", False),
        ("GET", {"theme": "dark"}, "", True),
        ("GET", {}, "?page=2&utm_source=mail", False),
    ],
)
def test_which_requests_the_page_cache_may_answer(rf, settings, method, cookies, query, cacheable):
    request = rf.generic(method, f"/roles/{query}")
    request.COOKIES.update(cookies)
    assert bool(page_cache.is_cacheable_request(request)) is cacheable
    settings.PAGE_CACHE = False
    assert not page_cache.is_cacheable_request(request)
