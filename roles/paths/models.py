from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from careerhub.core.models import MarkdownModel, PublishableQuerySet
from roles.models import RoadmapStep, Role, SkillArea

# The two paces every path page shows, in hours a week; a month is 52/12 weeks.
PACES = (5, 10)
WEEKS_PER_MONTH = 52 / 12


def months(hours, per_week):
    """Hours of study as months at ``per_week`` hours a week, to the nearest half month (at least half)."""
    if not hours:
        return 0
    return max(0.5, round(hours / per_week / WEEKS_PER_MONTH * 2) / 2)


class BackgroundQuerySet(PublishableQuerySet):
    def with_lanes(self):
        """Everything a path page draws, in five queries whatever the amount of content."""
        lanes = (
            LanePath.objects.filter(role__is_published=True)
            # The role's interview guide, if any, so the page links only to guides that exist.
            .select_related("role", "role__interview_guide")
            .prefetch_related(
                Prefetch("carryovers", queryset=Carryover.objects.select_related("skill_area")),
                Prefetch(
                    "known_steps",
                    queryset=RoadmapStep.objects.only("pk", "role_id", "order", "title", "hours", "done_when"),
                ),
                Prefetch("role__roadmap_steps", queryset=RoadmapStep.objects.only("pk", "role_id", "order", "hours")),
            )
        )
        return self.select_related("first_lane").prefetch_related(Prefetch("lanes", queryset=lanes))


class Background(MarkdownModel):
    """Where a visitor starts: the job they do today (backend developer, data analyst, student...)."""

    markdown_fields = ("first_lane_why", "first_week_task")

    name = models.CharField(max_length=80, unique=True, help_text='The job, e.g. "Backend developer".')
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(max_length=200, help_text="One line: the work this background covers.")
    first_lane = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The lane that usually suits this background first.",
    )
    first_lane_why = models.TextField("why that lane first", help_text="Markdown. Tie the reason to the daily work.")
    first_week_task = models.TextField(help_text="Markdown. One task a visitor can finish in their first week.")
    display_order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=False)
    last_reviewed = models.DateField(help_text="When an editor last checked this path.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = BackgroundQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("paths:detail", args=[self.slug])

    def known_steps_for(self, role):
        """The roadmap steps of ``role`` this background already covers: a new plan marks them known."""
        return RoadmapStep.objects.filter(known_in__background=self, known_in__role=role)


class LanePath(MarkdownModel):
    """From one background to one lane: what carries over, what is missing, which steps are known."""

    markdown_fields = ("gaps",)

    background = models.ForeignKey(Background, on_delete=models.CASCADE, related_name="lanes")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="background_paths")
    gaps = models.TextField(help_text="Markdown, usually a bullet list: what this background still has to learn.")
    known_steps = models.ManyToManyField(
        RoadmapStep,
        blank=True,
        related_name="known_in",
        help_text="Steps of this lane's roadmap that the background usually knows already.",
    )

    class Meta:
        ordering = ["background", "role__display_order", "role__name"]
        constraints = [models.UniqueConstraint(fields=["background", "role"], name="lane_path_unique")]
        verbose_name = "lane from a background"
        verbose_name_plural = "lanes from a background"

    def __str__(self):
        return f"{self.background} → {self.role}"

    def estimate(self):
        """Hours and months left once the known steps are marked (uses prefetched steps)."""
        return Estimate(self.role.roadmap_steps.all(), {step.pk for step in self.known_steps.all()})


class Carryover(models.Model):
    """One skill area a background brings to a lane, and how."""

    lane = models.ForeignKey(LanePath, on_delete=models.CASCADE, related_name="carryovers")
    skill_area = models.ForeignKey(SkillArea, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300, help_text="What from today's job counts here, concretely.")

    class Meta:
        ordering = ["skill_area__display_order", "skill_area__name"]
        constraints = [models.UniqueConstraint(fields=["lane", "skill_area"], name="carryover_unique_per_lane")]

    def __str__(self):
        return f"{self.lane}: {self.skill_area}"


class Estimate:
    """The figures a lane shows: the roadmap's hours, the hours left, and months at each pace."""

    def __init__(self, steps, known_ids):
        steps = list(steps)
        self.total_hours = sum(step.hours or 0 for step in steps)
        self.hours_left = sum(step.hours or 0 for step in steps if step.pk not in known_ids)
        self.unestimated = sum(step.hours is None for step in steps if step.pk not in known_ids)
        self.paces = [(per_week, months(self.hours_left, per_week)) for per_week in PACES]
