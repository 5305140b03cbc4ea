from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from careerhub.core.models import MarkdownModel
from roles.models import Role, SkillArea

MIN_POINTS, MAX_POINTS = 3, 5


class GuideQuerySet(models.QuerySet):
    def published(self):
        """Guides a visitor can open: the guide and its role both published."""
        return self.filter(is_published=True, role__is_published=True)

    def visible_to(self, user):
        if user.is_authenticated and user.is_staff and user.has_perm("interviews.view_interviewguide"):
            return self.all()
        return self.published()

    def with_counts(self):
        """Each guide's role and its number of questions per level, in one query."""
        return (
            self.select_related("role")
            .annotate(
                junior_mid_count=Count("questions", filter=Q(questions__level=InterviewQuestion.Level.JUNIOR_MID)),
                senior_count=Count("questions", filter=Q(questions__level=InterviewQuestion.Level.SENIOR)),
            )
            # Meta.ordering does not apply to aggregating queries; say it again.
            .order_by(*self.model._meta.ordering)
        )

    def with_loop(self):
        """Everything a guide page draws, in three queries whatever the amount of content."""
        return self.select_related("role").prefetch_related(
            "stages", Prefetch("questions", queryset=InterviewQuestion.objects.select_related("skill_area"))
        )


class InterviewGuide(MarkdownModel):
    """How one lane is usually interviewed: the loop, a take-home example and practice questions."""

    markdown_fields = ("overview", "take_home", "portfolio_example")

    role = models.OneToOneField(Role, on_delete=models.CASCADE, related_name="interview_guide")
    overview = models.TextField(help_text="Markdown. What this lane's loop looks for, in a paragraph or two.")
    take_home = models.TextField("take-home example", help_text="Markdown. One realistic take-home brief.")
    portfolio_example = models.TextField(
        "worked portfolio write-up",
        blank=True,
        help_text="Markdown. One complete project write-up that meets the portfolio standard (README summary, "
        "evaluation table, design note, cost and latency, limits).",
    )
    is_published = models.BooleanField("published", default=False)
    last_reviewed = models.DateField(help_text="When an editor last checked this guide.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["role__display_order", "role__name"]

    def __str__(self):
        return f"Interviews: {self.role}"

    def get_absolute_url(self):
        return reverse("interviews:detail", args=[self.role.slug])


class InterviewStage(models.Model):
    guide = models.ForeignKey(InterviewGuide, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    tests = models.CharField("what it tests", max_length=300)
    detail = models.TextField(blank=True, help_text="How the stage usually runs, and how to prepare.")

    class Meta:
        ordering = ["guide", "order"]
        constraints = [models.UniqueConstraint(fields=["guide", "order"], name="interview_stage_order_unique")]

    def __str__(self):
        return f"{self.guide.role}: {self.order}. {self.name}"


class InterviewQuestion(models.Model):
    class Level(models.TextChoices):
        JUNIOR_MID = "junior-mid", "Junior and mid-level"
        SENIOR = "senior", "Senior"

    guide = models.ForeignKey(InterviewGuide, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices)
    question = models.CharField(max_length=400)
    skill_area = models.ForeignKey(SkillArea, on_delete=models.PROTECT, related_name="+")
    strong_answer = models.TextField(
        "a strong answer covers", help_text=f"One point per line, {MIN_POINTS} to {MAX_POINTS} points."
    )
    common_mistake = models.CharField(max_length=300)

    class Meta:
        ordering = ["guide", "order"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "order"], name="interview_question_order_unique"),
            models.CheckConstraint(condition=Q(level__in=["junior-mid", "senior"]), name="interview_question_level"),
        ]

    def __str__(self):
        return self.question

    def clean(self):
        super().clean()
        if not MIN_POINTS <= len(self.points) <= MAX_POINTS:
            raise ValidationError(
                {"strong_answer": f"Write {MIN_POINTS} to {MAX_POINTS} points, one a line ({len(self.points)} now)."}
            )

    @property
    def points(self):
        return [line.strip() for line in self.strong_answer.splitlines() if line.strip()]


class PortfolioCriterion(models.Model):
    """One thing every hiring-grade portfolio project contains; the list is the same for every lane."""

    name = models.CharField(max_length=80, unique=True)
    explanation = models.CharField(max_length=300)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name_plural = "portfolio criteria"

    def __str__(self):
        return self.name
