"""The page cache's parts, one at a time: what registers a model, the content generation, and
each process's memory of pages (found by mutation testing: the page tests never reached them).

The process-wide `memory` and the signal receivers are set up once at start-up, so these tests
build their own ProcessMemory and call watch() again themselves (it must be idempotent).
"""

import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from careerhub import cache as page_cache
from careerhub.cache import GENERATION_CHECK, GENERATION_KEY, LOCAL_PAGES, PAGE_TIMEOUT, ProcessMemory, shared_key
from roles.models import ProjectIdea
from tests.factories import make_project, make_role, make_skill_area
from tests.newsletter.factories import make_subscriber


class Clock:
    """time.monotonic() as the test sets it."""

    def __init__(self, monkeypatch):
        self.now = 1000.0
        monkeypatch.setattr(page_cache.time, "monotonic", lambda: self.now)


def entry(generation, body=b"page"):
    return {"generation": generation, "body": body, "digest": "d", "headers": {}}


@pytest.mark.django_db
def test_watch_bumps_once_per_change_of_the_watched_model_only(django_user_model):
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


def test_the_first_generation_starts_from_the_clock_in_milliseconds():
    memory = ProcessMemory()
    generation = memory.current_generation()
    assert abs(generation - time.time() * 1000) < 5000
    assert cache.get(GENERATION_KEY) == generation


def test_a_process_trusts_the_generation_it_read_for_generation_check_seconds(monkeypatch):
    clock, memory = Clock(monkeypatch), ProcessMemory()
    cache.set(GENERATION_KEY, 10, None)
    assert memory.current_generation() == 10
    cache.set(GENERATION_KEY, 11, None)
    read_at = clock.now
    clock.now = read_at + GENERATION_CHECK / 2
    assert memory.current_generation() == 10
    clock.now = read_at + GENERATION_CHECK  # exactly: trusted no longer
    assert memory.current_generation() == 11
    cache.set(GENERATION_KEY, 12, None)
    memory.forget_generation()
    assert memory.current_generation() == 12


def test_a_generation_started_by_a_bump_never_expires(monkeypatch):
    # Were it to expire, every page would be rendered again when it did, and a bump lost.
    page_cache.bump_content_generation()  # started by a bump after Redis was emptied
    later = time.time() + 30 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert cache.get(GENERATION_KEY) is not None


def test_a_generation_started_by_the_first_page_never_expires(monkeypatch):
    started = ProcessMemory().current_generation()
    later = time.time() + 30 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert cache.get(GENERATION_KEY) == started


def test_a_bump_adds_one_and_this_process_sees_it_at_once():
    page_cache.memory.clear()
    first = page_cache.content_generation()
    page_cache.bump_content_generation()
    assert page_cache.content_generation() == first + 1
    cache.clear()  # the generation is lost (Redis emptied): the next bump starts from the clock
    page_cache.bump_content_generation()
    assert abs(page_cache.content_generation() - time.time() * 1000) < 5000


@pytest.mark.django_db
def test_content_changed_bumps_now_and_again_after_the_commit(django_capture_on_commit_callbacks):
    first = page_cache.content_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.content_changed()
    assert page_cache.content_generation() == first + 1
    assert len(callbacks) == 1
    callbacks[0]()
    assert page_cache.content_generation() == first + 2


@pytest.mark.django_db
def test_a_bump_that_fails_after_the_commit_never_breaks_the_write(monkeypatch, django_capture_on_commit_callbacks):
    # The write is committed by then; the pages expire within PAGE_TIMEOUT anyway.
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.content_changed()

        def broken(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        monkeypatch.setattr(cache, "incr", broken)


def test_a_page_kept_in_memory_is_served_without_the_shared_cache_for_its_generation_only(monkeypatch):
    clock, memory = Clock(monkeypatch), ProcessMemory()
    memory.keep("page:a", entry(5))
    assert memory.page("page:a", 5) == entry(5)
    assert memory.page("page:a", 6) is None  # another generation: stale
    kept_at = clock.now
    clock.now = kept_at + PAGE_TIMEOUT  # the last moment it is kept
    assert memory.page("page:a", 5) == entry(5)
    clock.now = kept_at + PAGE_TIMEOUT + 0.5  # expired, and the shared cache has nothing
    assert memory.page("page:a", 5) is None


def test_a_page_from_the_shared_cache_is_kept_in_memory_if_its_generation_is_current(monkeypatch):
    Clock(monkeypatch)
    memory = ProcessMemory()
    cache.set(shared_key("https://x/b"), entry(5, b"shared"))
    cache.set(shared_key("https://x/old"), entry(4))
    assert memory.local_page("https://x/b", 5) is None
    assert memory.page("https://x/b", 5)["body"] == b"shared"
    assert memory.page("https://x/old", 5) is None
    cache.clear()
    assert memory.page("https://x/b", 5)["body"] == b"shared"  # now from this process's memory
    assert memory.local_page("https://x/b", 5)["body"] == b"shared"
    assert memory.page("https://x/old", 5) is None


def test_memory_keeps_the_most_recent_pages_only():
    memory = ProcessMemory()
    for n in range(LOCAL_PAGES):
        memory.keep(f"page:{n}", entry(1))
    memory.keep("page:0", entry(1))  # kept again: now the most recent
    memory.keep("page:new", entry(1))
    assert memory.page("page:1", 1) is None  # the oldest went
    assert memory.page("page:0", 1) is not None
    assert memory.page("page:new", 1) is not None
    assert len(memory.pages) == LOCAL_PAGES
    memory.clear()
    assert memory.pages == {} and memory.generation is None and memory.page("page:0", 1) is None


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


def response(status=200, control=None, cookie=False, streaming=False):
    from django.http import HttpResponse, StreamingHttpResponse

    answer = StreamingHttpResponse(iter([b"x"])) if streaming else HttpResponse(b"x", status=status)
    if control:
        answer["Cache-Control"] = control
    if cookie:
        answer.set_cookie("visited", "1")
    return answer


@pytest.mark.parametrize(
    ("answer", "storable"),
    [
        (response(), True),
        (response(control="max-age=60"), True),
        (response(control="public, max-age=60"), True),
        (response(control="private"), False),
        (response(control="max-age=0, no-store"), False),
        (response(control="no-cache=Set-Cookie"), False),
        (response(control=" private , max-age=5"), False),
        (response(control="max-age=60,private"), False),
        (response(status=404), False),
        (response(status=301), False),
        (response(cookie=True), False),
        (response(streaming=True), False),
    ],
)
def test_only_plain_200_answers_without_cookies_or_a_private_mark_are_stored(answer, storable):
    assert page_cache._storable(answer) is storable


def test_an_answer_from_the_cache_carries_the_stored_headers_an_etag_and_public_cache_control(rf):
    stored = {"body": b"<p>page</p>", "digest": "abc123", "headers": {"Content-Type": "text/html; charset=utf-8"}}
    headers = page_cache._view_headers(stored)
    answer = page_cache._answer(rf.get("/"), stored, headers)
    assert (answer.status_code, answer.content) == (200, b"<p>page</p>")
    assert answer["Content-Type"] == "text/html; charset=utf-8"
    assert answer["ETag"] == '"abc123"'
    assert answer["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert answer["Content-Length"] == str(len(b"<p>page</p>"))
    for etags in ('"abc123"', '"other", "abc123"'):
        again = page_cache._answer(rf.get("/", headers={"if-none-match": etags}), stored, headers)
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", '"abc123"')
    assert page_cache._answer(rf.get("/", headers={"if-none-match": '"other"'}), stored, headers).status_code == 200
