"""The page cache's parts, one at a time: what registers a model, the content generation, and
each process's memory of pages (found by mutation testing: the page tests never reached them).

The process-wide `memory` and the signal receivers are set up once at start-up, so these tests
build their own ProcessMemory and call watch() again themselves.
"""

import time

import pytest
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from careerhub import cache as page_cache
from careerhub.cache import GENERATION_CHECK, GENERATION_KEY, LOCAL_PAGES, PAGE_TIMEOUT, ProcessMemory
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
def test_watch_bumps_on_save_delete_and_m2m_changes_of_the_watched_model_only():
    skills = ProjectIdea._meta.get_field("skills")
    for signal in (post_save, post_delete):
        signal.disconnect(sender=ProjectIdea, dispatch_uid="page-cache-roles.projectidea")
    m2m_changed.disconnect(sender=skills.remote_field.through, dispatch_uid=f"page-cache-m2m-{skills}")
    try:
        page_cache.watch(ProjectIdea)
        role, area = make_role(), make_skill_area()
        steps = [
            lambda: make_project(role),
            lambda: ProjectIdea.objects.get().skills.add(area),
            lambda: ProjectIdea.objects.get().delete(),
        ]
        for step in steps:
            before = page_cache.content_generation()
            step()
            assert page_cache.content_generation() > before
        before = page_cache.content_generation()
        make_subscriber()  # not public content: pages stay
        assert page_cache.content_generation() == before
    finally:
        page_cache.watch(ProjectIdea)


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
    clock.now += GENERATION_CHECK - 0.01
    assert memory.current_generation() == 10
    clock.now += 0.01
    assert memory.current_generation() == 11
    cache.set(GENERATION_KEY, 12, None)
    memory.forget_generation()
    assert memory.current_generation() == 12


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


def test_a_page_kept_in_memory_is_served_without_the_shared_cache_for_its_generation_only(monkeypatch):
    clock, memory = Clock(monkeypatch), ProcessMemory()
    memory.keep("page:a", entry(5))
    assert memory.page("page:a", 5) == entry(5)
    assert memory.page("page:a", 6) is None  # another generation: stale
    clock.now += PAGE_TIMEOUT - 1
    assert memory.page("page:a", 5) == entry(5)
    clock.now += 2  # expired here, and the shared cache has nothing
    assert memory.page("page:a", 5) is None


def test_a_page_from_the_shared_cache_is_kept_in_memory_if_its_generation_is_current(monkeypatch):
    Clock(monkeypatch)
    memory = ProcessMemory()
    cache.set("page:b", entry(5, b"shared"))
    cache.set("page:old", entry(4))
    assert memory.page("page:b", 5)["body"] == b"shared"
    assert memory.page("page:old", 5) is None
    cache.clear()
    assert memory.page("page:b", 5)["body"] == b"shared"  # now from this process's memory
    assert memory.page("page:old", 5) is None


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
