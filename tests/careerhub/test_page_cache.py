"""The page cache: every anonymous visitor gets the same bytes, public cache headers and an ETag;
an editor's change shows on the next request; editors get private pages; the site works with the
cache down."""

import gzip
from html import escape

import pytest
from django.core.cache import cache
from django.test import Client
from django_redis import get_redis_connection

from newsletter.models import Issue, Subscriber
from roles.models import ProjectIdea, Role, SkillArea
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
    with django_assert_num_queries(0):  # the compressed copy is stored with the page
        packed = Client().get("/roles/ai-engineer/", headers={"accept-encoding": accept})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    # Two representations: their own ETags, each answered with 304, and shared caches told to keep both.
    assert packed["ETag"] != plain["ETag"]
    for response in (plain, packed):
        assert response["Vary"] == "Accept-Encoding"
    again = Client().get("/roles/ai-engineer/", headers={"accept-encoding": accept, "if-none-match": packed["ETag"]})
    assert again.status_code == 304
    assert Client().get("/roles/ai-engineer/", headers={"if-none-match": packed["ETag"]}).status_code == 200


@pytest.mark.parametrize("accept", ["", "identity", "br", "gzip;q=0", "br, gzip; q=0.0"])
def test_clients_that_refuse_gzip_get_plain_html(accept, sample_content):
    plain = Client().get("/roles/ai-engineer/")
    response = Client().get("/roles/ai-engineer/", headers={"accept-encoding": accept})
    assert "Content-Encoding" not in response
    assert response.content == plain.content
    assert b"AI Engineer</h1>" in response.content


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
    assert response.status_code == 303
    assert "Check your inbox" in Client().get(response["Location"]).content.decode()
    assert Subscriber.objects.filter(email="no-redis@example.com").exists()


def test_pages_are_cached_in_redis_when_it_is_up(sample_content, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    cache.clear()
    Client().get("/roles/")
    # Stored in Redis itself, not only rendered: the entry is there under the page's key.
    stored = list(get_redis_connection("default").scan_iter("*page:*"))
    assert len(stored) == 1
    assert b"AI Engineer" in cache.get(stored[0].decode().split(":", 2)[2])["body"]
    role = Role.objects.get(slug="ai-engineer")
    role.name = "AI Engineer (edited)"
    role.save()
    assert b"AI Engineer (edited)" in Client().get("/roles/").content
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


class StackProbe:
    """The last middleware: counts the requests that reach the bottom of the stack."""

    reached = 0
    set_cookie = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        StackProbe.reached += 1
        response = self.get_response(request)
        if StackProbe.set_cookie:
            response.set_cookie("probe", "1")
        return response


@pytest.fixture
def probe(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.careerhub.test_page_cache.StackProbe"]
    StackProbe.reached, StackProbe.set_cookie = 0, False
    yield StackProbe
    StackProbe.set_cookie = False


def test_a_page_this_process_has_sent_is_answered_before_the_rest_of_the_stack(sample_content, probe, caplog):
    first = Client().get("/roles/ai-engineer/", HTTP_ACCEPT_ENCODING="gzip")
    assert probe.reached == 1
    caplog.set_level("INFO", logger="careerhub.request")
    caplog.clear()
    again = Client().get("/roles/ai-engineer/", HTTP_ACCEPT_ENCODING="gzip")
    plain = Client().get("/roles/ai-engineer/")
    unchanged = Client().get("/roles/ai-engineer/", HTTP_IF_NONE_MATCH=plain["ETag"])
    assert probe.reached == 1  # none of the three went past the page cache's middleware
    assert (again.content, sorted(again.items())) == (first.content, sorted(first.items()))
    assert "Content-Security-Policy" in again and "X-Frame-Options" in again
    assert plain["Content-Length"] == str(len(plain.content)) and "Content-Encoding" not in plain
    assert gzip.decompress(again.content) == plain.content
    assert unchanged.status_code == 304 and unchanged["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert [record.route for record in caplog.records] == ["/roles/<slug:slug>/"] * 3


def test_an_edit_reaches_pages_answered_before_the_stack(sample_content, probe):
    Client().get("/roles/ai-engineer/")
    Role.objects.filter(slug="ai-engineer").update(name="AI Engineer (edited)")
    from careerhub.cache import content_changed

    content_changed()
    assert b"AI Engineer (edited)" in Client().get("/roles/ai-engineer/").content
    assert probe.reached == 2


def test_a_page_whose_answer_sets_a_cookie_always_goes_through_the_stack(sample_content, probe):
    probe.set_cookie = True
    for _ in range(3):
        Client().get("/roles/ai-engineer/")
    assert probe.reached == 3


def test_answers_before_the_stack_keep_https_rules(sample_content, probe, settings):
    settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS = True, 3600
    first = Client().get("/roles/ai-engineer/", secure=True)
    again = Client().get("/roles/ai-engineer/", secure=True)
    assert probe.reached == 1
    assert again["Strict-Transport-Security"] == first["Strict-Transport-Security"] == "max-age=3600"
    plain = Client().get("/roles/ai-engineer/")  # http: the page held for https is not this one
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/roles/ai-engineer/"


def test_a_visitor_with_a_session_never_gets_an_answer_from_before_the_stack(sample_content, probe, settings):
    Client().get("/roles/ai-engineer/")
    with_session = Client()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "abc"
    response = with_session.get("/roles/ai-engineer/")
    assert probe.reached == 2
    assert "private" in response["Cache-Control"]
