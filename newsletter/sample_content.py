"""Loads the sample newsletter content from content/newsletter.toml: issues and the welcome email.

Creates what is missing; never overwrites an issue or a welcome email that exists.
"""

import tomllib
from pathlib import Path

from .models import Issue, WelcomeEmail

CONTENT = Path(__file__).resolve().parent / "content" / "newsletter.toml"


def read():
    with CONTENT.open("rb") as file:
        return tomllib.load(file)


def load(log):
    content = read()
    for item in content["issues"]:
        # Sample issues are archive content only: no subscribers, no deliveries.
        _, created = Issue.objects.get_or_create(
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
        log.count("newsletter issue", created)
    # Only on a list that has none: an editor's own welcome email, in use or not, stays as it is.
    created = not WelcomeEmail.objects.exists()
    if created:
        WelcomeEmail.objects.create(**content["welcome"], is_active=True)
    log.count("newsletter welcome email", created)
