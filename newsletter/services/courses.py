"""The four-week course per lane: enrolling, pausing, leaving, and sending each week's lesson once.
Queueing is newsletter.tasks' job: the worker runs send_due_lessons and comes back when the next is due."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Min
from django.urls import reverse
from django.utils import timezone

from .. import emails
from ..models import Course, Enrolment, Lesson, LessonDelivery, Subscriber
from . import personal

WEEK = timedelta(days=7)


def open_courses():
    return Course.objects.filter(is_active=True).select_related("role").order_by("role__display_order")


def enrol(*, subscriber, course, now=None):
    """Start (or restart after leaving) a course: week 1 is due at once, then one a week."""
    now = now or timezone.now()
    enrolment, created = Enrolment.objects.get_or_create(
        subscriber=subscriber, course=course, defaults={"next_due_at": now, "started_at": now}
    )
    if not created and enrolment.status == Enrolment.Status.LEFT:
        resume(enrolment=enrolment, now=now)
    return enrolment


def pause(*, enrolment):
    return Enrolment.objects.filter(pk=enrolment.pk, status=Enrolment.Status.ACTIVE).update(
        status=Enrolment.Status.PAUSED
    )


def resume(*, enrolment, now=None):
    """The next week goes out now (not at once for every week missed), then one a week again."""
    return (
        Enrolment.objects.filter(pk=enrolment.pk, status__in=[Enrolment.Status.PAUSED, Enrolment.Status.LEFT])
        .exclude(next_week__gt=Lesson.WEEKS)
        .update(status=Enrolment.Status.ACTIVE, next_due_at=now or timezone.now())
    )


def leave(*, enrolment):
    return (
        Enrolment.objects.filter(pk=enrolment.pk)
        .exclude(status=Enrolment.Status.FINISHED)
        .update(status=Enrolment.Status.LEFT)
    )


def send_due_lessons(*, now=None, batch_size=100):
    """Queue every lesson that is due, then send them (claim, commit, send, mark).

    Returns when the next lesson falls due (for the worker to come back), or None.
    """
    now = now or timezone.now()
    personal.fail_abandoned(LessonDelivery.objects.all())
    while _queue_due(now, batch_size):
        pass
    retry_at = None
    while rows := _claim(batch_size, now):
        _, _, again = personal.send_claimed(rows, _message)
        if again:
            retry_at = again
            break
    due = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE).aggregate(next=Min("next_due_at"))["next"]
    return min((t for t in (due, retry_at) if t), default=None)


def _queue_due(now, size):
    """One row per enrolment's due week (the unique pair makes a week go out once), and the enrolment moves on."""
    with transaction.atomic():
        due = list(
            Enrolment.objects.filter(status=Enrolment.Status.ACTIVE, next_due_at__lte=now)
            .order_by("next_due_at")
            .select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked)[:size]
        )
        if not due:
            return 0
        LessonDelivery.objects.bulk_create(
            [LessonDelivery(enrolment=e, week=e.next_week) for e in due], ignore_conflicts=True
        )
        for enrolment in due:
            finished = enrolment.next_week >= Lesson.WEEKS
            Enrolment.objects.filter(pk=enrolment.pk).update(
                next_week=F("next_week") + 1,
                next_due_at=enrolment.next_due_at + WEEK,
                status=Enrolment.Status.FINISHED if finished else Enrolment.Status.ACTIVE,
            )
    return len(due)


def _claim(size, now):
    with transaction.atomic():
        pending = (
            LessonDelivery.objects.filter(status=LessonDelivery.Status.PENDING)
            .order_by("pk")
            .select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked, of=("self",))
        )
        pks = list(pending.values_list("pk", flat=True)[:size])
        if not pks:
            return []
        rows = LessonDelivery.objects.filter(pk__in=pks)
        # Left, unsubscribed or suppressed since the week fell due: skipped.
        rows.exclude(
            enrolment__subscriber__status=Subscriber.Status.CONFIRMED,
            enrolment__subscriber__suppressed_at__isnull=True,
        ).update(status=LessonDelivery.Status.SKIPPED)
        rows.filter(enrolment__status=Enrolment.Status.LEFT).update(status=LessonDelivery.Status.SKIPPED)
        rows.filter(status=LessonDelivery.Status.PENDING).update(
            status=LessonDelivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(
        LessonDelivery.objects.filter(pk__in=pks, status=LessonDelivery.Status.SENDING).select_related(
            "enrolment__subscriber", "enrolment__course__role"
        )
    )


def _message(row):
    lesson = Lesson.objects.get(course=row.enrolment.course, week=row.week)
    return lesson_message(row.enrolment, lesson)


def render_lesson(lesson, *, course_url):
    course = lesson.course
    return emails.render_email(
        "newsletter/email/lesson.md",
        {"lesson": lesson, "course": course, "sections": lesson.sections(), "course_url": course_url},
        subject=f"{settings.NEWSLETTER_NAME} course, week {lesson.week} of 4: {lesson.title}",
        preheader=f"{course.title}: this week's concept, architecture, project step and interview question.",
    )


def lesson_message(enrolment, lesson):
    rendered = render_lesson(lesson, course_url=emails.absolute_url(enrolment.manage_path()))
    return emails.subscriber_message(rendered, enrolment.subscriber)


def send_test(*, lesson, to):
    """The lesson as a reader gets it, to one address (the editor's own); its links lead to the newsletter page."""
    page = emails.absolute_url(reverse("newsletter:index"))
    emails.send_test(render_lesson(lesson, course_url=page), to=to)
