from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

MAX_QUERY_LENGTH = 100


class Document(models.Model):
    """One searchable page or page section, copied from the content (see services.rebuild_index).

    A copy rather than a search over the content tables: one indexed table answers any query
    in one SQL statement, whatever the number of kinds.
    """

    class Kind(models.TextChoices):
        ROLE = "role", "Roles"
        STEP = "step", "Roadmap steps"
        PROJECT = "project", "Project ideas"
        FAQ = "faq", "Questions and answers"
        CERTIFICATION = "certification", "Certifications"
        ISSUE = "issue", "Newsletter issues"
        PATH = "path", "Paths from today's job"
        INTERVIEW = "interview", "Interview guides"
        TOOL = "tool", "Tools"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200)
    context = models.CharField(max_length=200, blank=True, help_text="Where the match sits, e.g. the role.")
    body = models.TextField(blank=True, help_text="Plain text, markup removed.")
    url = models.CharField(max_length=300)
    # Title weighted A, body B; filled on PostgreSQL only (SQLite searches title and body directly).
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["role", "step", "project", "faq", "certification", "issue", "path", "interview", "tool"]
                ),
                name="search_document_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.url


class Term(models.Model):
    """A word of the indexed text: the vocabulary typos are corrected to (query.correct)."""

    word = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.word


class IndexState(models.Model):
    """The index's one state row: the lock rebuilds take in turn, and when the last one ran."""

    built_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Search index built at {self.built_at:%Y-%m-%d %H:%M}"


class MissedQuery(models.Model):
    """A search that found nothing, counted by its text only: no IP, no visitor, no time of day."""

    query = models.CharField(max_length=MAX_QUERY_LENGTH, unique=True)
    count = models.PositiveIntegerField(default=1)
    first_seen = models.DateField(auto_now_add=True)
    last_seen = models.DateField(auto_now=True)

    class Meta:
        ordering = ["-count", "query"]
        verbose_name = "search that found nothing"
        verbose_name_plural = "searches that found nothing"

    def __str__(self):
        return self.query
