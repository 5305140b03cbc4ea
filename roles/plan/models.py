import datetime
import math
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from roles.models import Role

MAX_HOURS_PER_WEEK = 80
KEEP_FOR = datetime.timedelta(days=365)


class PlanQuerySet(models.QuerySet):
    def stale(self, now=None):
        """Plans nobody has opened or changed for 12 months: the ones the prune command deletes."""
        return self.filter(touched_at__lt=(now or timezone.now()) - KEEP_FOR)


class Plan(models.Model):
    """A visitor's own roadmap for one role, with no account: the unguessable id is the key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="plans")
    hours_per_week = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS_PER_WEEK)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    touched_at = models.DateTimeField(default=timezone.now, help_text="Last opened or changed.")

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-touched_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="plan_hours_per_week_1_80",
            ),
        ]

    def __str__(self):
        return f"Plan for {self.role} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("plan:detail", args=[self.pk])


class PlanStep(models.Model):
    """Where a visitor stands on one roadmap step; a step with no row is still to do."""

    class Status(models.TextChoices):
        DONE = "done", "Done"
        KNOWN = "known", "Known already"
        SKIP = "skip", "Skip"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey("roles.RoadmapStep", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices)

    class Meta:
        ordering = ["step__order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "step"], name="plan_step_unique"),
            models.CheckConstraint(condition=Q(status__in=["done", "known", "skip"]), name="plan_step_status_valid"),
        ]

    def __str__(self):
        return f"{self.step.title}: {self.get_status_display()}"


class Progress:
    """The figures a plan page shows, from the role's steps and the visitor's statuses."""

    TODO = "todo"

    def __init__(self, steps, statuses, hours_per_week):
        self.rows = [(step, statuses.get(step.pk, self.TODO)) for step in steps]
        counted = [(step, status) for step, status in self.rows if status != PlanStep.Status.SKIP]
        self.total = len(counted)
        self.done = sum(status != self.TODO for _, status in counted)
        todo = [step for step, status in counted if status == self.TODO]
        self.hours_left = sum(step.hours or 0 for step in todo)
        self.unestimated = sum(step.hours is None for step in todo)
        self.hours_per_week = hours_per_week
        self.weeks_left = math.ceil(self.hours_left / hours_per_week) if self.hours_left else 0
        self.this_week = self.week_ahead(todo, hours_per_week)

    @staticmethod
    def week_ahead(todo, hours_per_week):
        """The next one or two steps to do, each with the hours this week gives it at the visitor's pace."""
        week, free = [], hours_per_week
        for step in todo[:2]:
            if free <= 0:
                break
            share = free if step.hours is None else min(step.hours, free)
            week.append((step, share))
            free -= share
        return week

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def finished(self):
        return self.done == self.total
