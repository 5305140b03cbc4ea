"""Loads the sample newsletter content: issues, their lane marks and the welcome email from
content/newsletter.toml, the courses from content/courses.toml.

Creates what is missing; never overwrites an issue or a welcome email that exists.
"""

import tomllib
from pathlib import Path

from django.conf import settings

from roles.models import Role

from .models import Course, Issue, Lesson, SectionLane, WelcomeEmail

CONTENT = Path(__file__).resolve().parent / "content" / "newsletter.toml"
COURSES = Path(__file__).resolve().parent / "content" / "courses.toml"


def read(path=CONTENT):
    with path.open("rb") as file:
        return tomllib.load(file)


def load(log):
    content = read()
    for item in content["issues"]:
        # Sample issues are archive content only: no subscribers, no deliveries.
        issue, created = Issue.objects.get_or_create(
            number=item["number"],
            defaults={
                "title": item["title"],
                "preheader": item["preheader"],
                "concept": item["concept"],
                "architecture": item["architecture"],
                "project_idea": item["project_idea"],
                "interview_question": item["interview_question"],
                "status": item["status"],
                "sent_at": item.get("sent_at"),
                "is_published": True,
            },
        )
        if created:
            roles = Role.objects.in_bulk(
                {slug for slugs in item["lanes"].values() for slug in slugs}, field_name="slug"
            )
            SectionLane.objects.bulk_create(
                SectionLane(issue=issue, section=section, role=roles[slug])
                for section, slugs in item["lanes"].items()
                for slug in slugs
            )
        log.count("newsletter issue", created)
    # Only on a list that has none: an editor's own welcome email, in use or not, stays as it is.
    created = not WelcomeEmail.objects.exists()
    if created:
        welcome = {**content["welcome"], "subject": content["welcome"]["subject"].format(**_names())}
        WelcomeEmail.objects.create(**welcome, is_active=True)
    log.count("newsletter welcome email", created)
    _load_courses(log)


def _names():
    return {"NEWSLETTER_NAME": settings.NEWSLETTER_NAME}


def _load_courses(log):
    roles = Role.objects.in_bulk(field_name="slug")
    for item in read(COURSES)["courses"]:
        course, created = Course.objects.get_or_create(
            role=roles[item["role"]], defaults={"title": item["title"], "intro": item["intro"]}
        )
        if created:
            for lesson in item["lessons"]:
                Lesson.objects.create(course=course, **lesson)  # one save each: the Markdown renders on save
        log.count("newsletter course", created)
