"""Loads the sample newsletter issues. Creates what is missing; never overwrites an issue that exists."""

from . import sample_data as data
from .models import Issue


def load(log):
    for item in data.ISSUES:
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
                "sent_at": item["sent_at"],
                "is_published": True,
            },
        )
        log.count("newsletter issue", created)
