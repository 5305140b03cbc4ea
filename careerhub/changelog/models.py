from django.db import models
from django.urls import reverse


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Entry(models.Model):
    """One notable change visitors should know about, e.g. “AI-102 retired; AI-103 takes its place”."""

    date = models.DateField(help_text="When the change happened (not when it was written down).")
    title = models.CharField(max_length=120, help_text="The change in a few words.")
    note = models.CharField(max_length=300, help_text="One or two plain sentences: what changed and what it means.")
    link = models.CharField(
        max_length=200, blank=True, help_text="Path of the page on this site it concerns, e.g. /certifications/ai-103/."
    )
    is_published = models.BooleanField("published", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "changelog entry"
        verbose_name_plural = "changelog entries"
        constraints = [
            models.UniqueConstraint(fields=["date", "title"], name="changelog_entry_unique"),
            models.CheckConstraint(
                condition=models.Q(link="") | models.Q(link__startswith="/"), name="changelog_link_is_a_path"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return f"{reverse('changelog:list')}#change-{self.pk}"
