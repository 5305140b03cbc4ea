"""The four-week course per lane: one lesson a week through a real SMTP server, never twice, pause and
resume from the link in each email, and the admin's preview and test send."""

import collections
import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from newsletter import tasks
from newsletter.models import Course, Enrolment, Lesson, LessonDelivery, Subscriber
from newsletter.services import courses, sending, subscriptions
from tests.factories import ensure_editors_group, make_role

from .backends import HookedSMTPBackend
from .factories import make_subscriber

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)
COURSE_LINK = re.compile(r"http://testserver(/newsletter/course/[^/\s>]+/)")


@pytest.fixture
def course():
    course = Course.objects.create(role=make_role(), title="ML Engineer in four weeks", intro="Four weeks.")
    for week in range(1, 5):
        Lesson.objects.create(
            course=course,
            week=week,
            title=f"Lesson {week}",
            concept=f"Concept {week}.",
            architecture=f"Architecture {week}.",
            project_step=f"Step {week}.",
            interview_question=f"Question {week}?",
        )
    return course


def subjects(smtp, to=None):
    return [m["message"]["Subject"] for m in smtp.messages if to is None or to in m["envelope_to"]]


def test_a_course_sends_four_lessons_over_four_weeks_and_none_twice(course, smtp):
    reader = make_subscriber()
    start = timezone.now()
    enrolment = courses.enrol(subscriber=reader, course=course, now=start)
    for week in range(6):  # two weeks more than the course: nothing more comes
        now = start + week * WEEK
        courses.send_due_lessons(now=now)
        courses.send_due_lessons(now=now)  # a second worker run, or a restart, the same day
    assert subjects(smtp) == [f"The Lane Change course, week {w} of 4: Lesson {w}" for w in range(1, 5)]
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.FINISHED
    assert LessonDelivery.objects.filter(status="sent").count() == 4


def test_each_lesson_has_its_four_parts_and_a_link_to_pause_or_leave(course, smtp):
    reader = make_subscriber()
    courses.enrol(subscriber=reader, course=course)
    courses.send_due_lessons()
    body = smtp.messages[0]["message"].get_body(("plain",)).get_content()
    for part in ("Concept 1.", "Architecture 1.", "Step 1.", "Question 1?"):
        assert part in body
    assert COURSE_LINK.search(body)
    assert smtp.messages[0]["message"]["List-Unsubscribe"]


def test_pause_and_resume_from_the_link_in_an_email(course, smtp, django_capture_on_commit_callbacks):
    reader = make_subscriber()
    start = timezone.now()
    enrolment = courses.enrol(subscriber=reader, course=course, now=start)
    courses.send_due_lessons(now=start)
    path = COURSE_LINK.search(smtp.messages[0]["message"].get_body(("plain",)).get_content()).group(1)
    client = Client()
    assert b"Pause the course" in client.get(path).content
    assert client.post(path, {"action": "pause"}).status_code == 200

    courses.send_due_lessons(now=start + 3 * WEEK)  # paused: nothing for weeks
    assert len(smtp.messages) == 1

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(path, {"action": "resume"})  # queues the worker's run at once
    assert page.status_code == 200
    assert subjects(smtp)[-1].endswith("week 2 of 4: Lesson 2")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and enrolment.next_week == 3


def test_leaving_stops_the_course_and_keeps_the_newsletter(course, smtp):
    reader = make_subscriber()
    enrolment = courses.enrol(subscriber=reader, course=course)
    courses.send_due_lessons()
    Client().post(enrolment.manage_path(), {"action": "leave"})
    courses.send_due_lessons(now=timezone.now() + 2 * WEEK)
    assert len(smtp.messages) == 1
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_a_lesson_claimed_by_a_worker_that_died_is_never_resent(course, smtp, settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.newsletter.backends.HookedSMTPBackend"
    reader = make_subscriber()
    start = timezone.now()
    courses.enrol(subscriber=reader, course=course, now=start)

    def die(sent):
        raise SystemExit("killed")  # the worker dies after the mail server took the message, before marking it

    monkeypatch.setattr(HookedSMTPBackend, "after_send", die)
    with pytest.raises(SystemExit):
        courses.send_due_lessons(now=start)
    monkeypatch.setattr(HookedSMTPBackend, "after_send", None)
    assert len(smtp.messages) == 1
    assert LessonDelivery.objects.get().status == "sending"

    settings.NEWSLETTER_CLAIM_TIMEOUT = 0  # restarted after the claim timeout
    courses.send_due_lessons(now=start)
    courses.send_due_lessons(now=start)
    row = LessonDelivery.objects.get()
    assert row.status == "failed" and row.last_error == sending.ABANDONED_ERROR
    assert len(smtp.messages) == 1  # week 1 arrived once, and is never sent again
    courses.send_due_lessons(now=start + WEEK)  # the course goes on with week 2
    assert subjects(smtp)[-1] == "The Lane Change course, week 2 of 4: Lesson 2"
    assert len(smtp.messages) == 2


def test_an_unsubscribed_reader_gets_no_more_lessons(course, smtp):
    reader = make_subscriber()
    courses.enrol(subscriber=reader, course=course)
    courses.send_due_lessons()
    subscriptions.unsubscribe(subscriber=reader)
    courses.send_due_lessons(now=timezone.now() + WEEK)
    assert len(smtp.messages) == 1
    assert Enrolment.objects.get().status == Enrolment.Status.LEFT


def test_the_worker_comes_back_when_the_next_lesson_is_due(course, smtp):
    start = timezone.now()
    courses.enrol(subscriber=make_subscriber(), course=course, now=start)
    assert courses.send_due_lessons(now=start) == start + WEEK


def test_taking_a_course_from_the_preferences_page(course, client, smtp, django_capture_on_commit_callbacks):
    reader = make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reader.preferences_path(), {"action": "course", "course": course.pk})
    assert response.status_code == 200
    assert subjects(smtp, reader.email) == ["The Lane Change course, week 1 of 4: Lesson 1"]
    assert b"Pause, resume or leave" in client.get(reader.preferences_path()).content


def test_a_pending_address_cannot_take_a_course(course, client):
    reader = make_subscriber(status=Subscriber.Status.PENDING)
    assert client.post(reader.preferences_path(), {"action": "course", "course": course.pk}).status_code == 400
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("data", [{}, {"action": "explode"}, {"action": ""}])
def test_bad_input_on_the_course_page_gets_a_message(course, client, data):
    enrolment = courses.enrol(subscriber=make_subscriber(), course=course)
    response = client.post(enrolment.manage_path(), data)
    assert response.status_code == 400
    assert b'class="alert alert-danger"' in response.content


def test_a_forged_course_link_is_a_404(client):
    assert client.get("/newsletter/course/nonsense/").status_code == 404


def test_a_course_has_at_most_four_weeks(course):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Lesson.objects.create(
            course=course, week=5, title="x", concept="x", architecture="x", project_step="x", interview_question="x"
        )


# The admin


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw", is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


def test_editors_preview_a_lesson_and_send_themselves_a_test(course, editor, smtp):
    client = Client()
    client.force_login(editor)
    lesson = course.lessons.get(week=2)
    assert client.get(f"/admin/newsletter/course/{course.pk}/change/").status_code == 200
    preview = client.get(f"/admin/newsletter/lesson/{lesson.pk}/preview/")
    assert preview.status_code == 200
    assert b"Architecture 2." in preview.content
    client.post(f"/admin/newsletter/lesson/{lesson.pk}/send-test/")
    assert collections.Counter(smtp.recipients) == {"ed@example.com": 1}
    assert subjects(smtp) == ["[Test] The Lane Change course, week 2 of 4: Lesson 2"]


def test_the_scheduled_task_sends_what_is_due(course, smtp):
    courses.enrol(subscriber=make_subscriber(), course=course)
    tasks.send_due_lessons.call()
    assert len(smtp.messages) == 1


def test_many_enrolments_queue_one_run_for_the_next_due_time(course, smtp, settings):
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()
    start = timezone.now()
    for _ in range(3):
        courses.enrol(subscriber=make_subscriber(), course=course, now=start)
    for _ in range(3):  # three runs, as three enrolments each queued one
        tasks.send_due_lessons.call()
    assert len(smtp.messages) == 3
    queued = DBTaskResult.objects.filter(task_path="newsletter.tasks.send_due_lessons")
    assert queued.count() == 1
