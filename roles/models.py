from urllib.parse import urlsplit

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse

from careerhub.core.models import MarkdownModel, PublishableQuerySet, ScheduledPublishing

MAX_COMPARED = 5
MIN_COMPARED = 2
# The pace a roadmap step's duration assumes: its hours at this many hours of study a week.
ROADMAP_HOURS_PER_WEEK = 10


class RoleQuerySet(PublishableQuerySet):
    def with_skills(self):
        """The parent and skill profile: what a comparison draws, in two queries."""
        return self.select_related("parent").prefetch_related(skill_levels_prefetch())

    def with_profile(self):
        """Everything a profile page draws, in a fixed number of queries."""
        return self.select_related("parent").prefetch_related(*profile_prefetches())


def skill_levels_prefetch():
    return Prefetch("skill_levels", queryset=SkillLevel.objects.select_related("skill_area"))


def profile_prefetches():
    """The related rows a profile page draws: for with_profile(), or prefetch_related_objects() on one role."""
    return (
        skill_levels_prefetch(),
        Prefetch("specialisations", queryset=Role.objects.published()),
        Prefetch("roadmap_steps", queryset=RoadmapStep.objects.prefetch_related("resources")),
        Prefetch("projects", queryset=ProjectIdea.objects.prefetch_related("skills")),
    )


class Role(ScheduledPublishing, MarkdownModel):
    markdown_fields = ("description", "optimises_for", "typical_week")

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(max_length=200, help_text="One line shown on cards and in search results.")
    description = models.TextField(help_text="Markdown. What the job is and where it sits.")
    optimises_for = models.TextField("what it optimises for", help_text="Markdown, usually a bullet list.")
    typical_week = models.TextField(help_text="Markdown, usually a bullet list.")
    pick_if = models.TextField(
        '"pick this if..."',
        help_text='One reason per line, each completing "Pick this if ..." (e.g. "you enjoy shipping features").',
    )
    spectrum_position = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="0 = builds the model, 100 = builds with the model.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="specialisations",
        help_text="The broader role this one specialises, if any.",
    )
    also_called = models.TextField(blank=True, help_text="Other job titles for this role, one per line.")
    display_order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=False)
    last_reviewed = models.DateField(help_text="When an editor last checked this profile.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(spectrum_position__gte=0, spectrum_position__lte=100),
                name="role_spectrum_position_0_100",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="role_not_own_parent"),
            ScheduledPublishing.schedule_constraint("role_unpublish_after_publish"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:detail", args=[self.slug])

    def mark_reviewed(self, *, on, by):
        """An editor checked the whole profile ``on`` that day."""
        self.last_reviewed = on
        self.save(update_fields=["last_reviewed", "updated_at"])

    @property
    def also_called_list(self):
        return [line.strip() for line in self.also_called.splitlines() if line.strip()]

    @property
    def pick_if_list(self):
        return [line.strip() for line in self.pick_if.splitlines() if line.strip()]

    @property
    def roadmap_hours(self):
        """The roadmap's estimated hours, from the steps (prefetch them on pages)."""
        return sum(step.hours or 0 for step in self.roadmap_steps.all())

    @property
    def builds_the_model(self):
        return self.spectrum_position < 50

    @property
    def spectrum_label(self):
        return "Builds the model" if self.builds_the_model else "Builds with the model"


class SkillArea(models.Model):
    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    description = models.CharField(max_length=200, blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class SkillLevel(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="skill_levels")
    skill_area = models.ForeignKey(SkillArea, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(5)])

    class Meta:
        ordering = ["skill_area__display_order", "skill_area__name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "skill_area"], name="skill_level_unique_per_role"),
            models.CheckConstraint(condition=Q(level__gte=0, level__lte=5), name="skill_level_0_5"),
        ]

    def __str__(self):
        return f"{self.role}: {self.skill_area} {self.level}/5"


class ComparisonDimensionQuerySet(models.QuerySet):
    def with_cells_for(self, roles):
        """Dimensions with only the cells of ``roles`` prefetched: two queries for any table."""
        cells = DimensionCell.objects.filter(role__in=[role.pk for role in roles])
        return self.prefetch_related(Prefetch("cells", queryset=cells))


class ComparisonDimension(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    help_text = models.CharField(max_length=200, blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    objects = ComparisonDimensionQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class DimensionCell(models.Model):
    dimension = models.ForeignKey(ComparisonDimension, on_delete=models.CASCADE, related_name="cells")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="dimension_cells")
    text = models.TextField(max_length=400)

    class Meta:
        ordering = ["dimension__display_order", "role__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "role"], name="dimension_cell_unique"),
        ]

    def __str__(self):
        return f"{self.dimension} / {self.role}"


class CuratedComparisonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def live(self):
        """Published comparisons of 2-5 roles, all published: the ones a visitor can open."""
        return (
            self.published()
            .exclude(roles__is_published=False)
            .alias(role_count=models.Count("roles", distinct=True))
            .filter(role_count__gte=MIN_COMPARED, role_count__lte=MAX_COMPARED)
            .prefetch_related("roles")
            # Meta.ordering does not apply to aggregating queries; say it again.
            .order_by(*self.model._meta.ordering)
        )

    def for_roles(self, roles):
        """The comparison of exactly these roles, matched by role so that renaming a slug keeps it."""
        ids = {role.pk for role in roles}
        return self.alias(
            role_total=models.Count("roles", distinct=True),
            role_matches=models.Count("roles", filter=Q(roles__in=ids), distinct=True),
        ).filter(role_total=len(ids), role_matches=len(ids))


class CuratedComparison(ScheduledPublishing, MarkdownModel):
    """Editorial text for one specific set of roles; any other set gets a generated page."""

    markdown_fields = ("quick_answer", "how_to_decide")

    title = models.CharField(max_length=120)
    roles = models.ManyToManyField(Role, related_name="curated_comparisons")
    role_key = models.CharField(
        max_length=200,
        unique=True,
        editable=False,
        help_text="The role slugs in alphabetical order; identifies the set whatever the display order.",
    )
    quick_answer = models.TextField(help_text="Markdown.")
    how_to_decide = models.TextField(help_text="Markdown.")
    is_featured = models.BooleanField("featured on the hub", default=False)
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CuratedComparisonQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_featured"], condition=Q(is_featured=True), name="one_featured_comparison"
            ),
            ScheduledPublishing.schedule_constraint("comparison_unpublish_after_publish"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return comparison_url(self.roles.all())

    @staticmethod
    def key_for(slugs):
        return "+".join(sorted(slugs))

    def refresh_role_key(self):
        """Recompute the key from the saved roles (call after the M2M is set)."""
        self.role_key = self.key_for(self.roles.values_list("slug", flat=True))
        type(self).objects.filter(pk=self.pk).update(role_key=self.role_key)


class FAQ(MarkdownModel):
    markdown_fields = ("answer",)

    comparison = models.ForeignKey(CuratedComparison, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text="Markdown.")
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question


class RoadmapStep(MarkdownModel):
    markdown_fields = ("body",)

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="roadmap_steps")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    body = models.TextField(help_text="Markdown.")
    duration = models.CharField(max_length=40, blank=True, help_text='Rough time, e.g. "2-3 weeks".')
    hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
        help_text="Study hours a typical learner needs for this step; visitors' plans add these up.",
    )
    covers = models.TextField(blank=True, help_text="What the step covers, one topic per line.")
    done_when = models.TextField(
        '"done when"', blank=True, help_text="One check per line: what a learner can show once the step is done."
    )

    class Meta:
        ordering = ["role", "order"]
        constraints = [
            models.UniqueConstraint(fields=["role", "order"], name="roadmap_step_order_unique"),
            models.CheckConstraint(condition=Q(hours__lte=1000), name="roadmap_step_hours_at_most_1000"),
        ]

    def __str__(self):
        return f"{self.role}: {self.order}. {self.title}"

    @property
    def covers_list(self):
        return [line.strip() for line in self.covers.splitlines() if line.strip()]

    @property
    def done_when_list(self):
        return [line.strip() for line in self.done_when.splitlines() if line.strip()]


class StepResource(models.Model):
    """A free place to learn one roadmap step: official documentation or a free course, checked to exist."""

    class Kind(models.TextChoices):
        DOCS = "docs", "Official documentation"
        COURSE = "course", "Free course"
        GUIDE = "guide", "Free guide"

    step = models.ForeignKey(RoadmapStep, on_delete=models.CASCADE, related_name="resources")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=120, help_text="What a visitor reads there, in our words.")
    url = models.URLField("address", max_length=300)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.DOCS)
    page_title = models.CharField(max_length=200, help_text="The page's own title when it was last checked.")
    checked_on = models.DateField(help_text="When an editor last opened the address and found this page there.")

    class Meta:
        ordering = ["step", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["step", "url"], name="step_resource_url_unique"),
            models.CheckConstraint(condition=Q(kind__in=["docs", "course", "guide"]), name="step_resource_kind_valid"),
        ]

    def __str__(self):
        return self.label

    @property
    def host(self):
        return urlsplit(self.url).hostname or ""


class ProjectIdea(MarkdownModel):
    markdown_fields = ("summary",)

    class Difficulty(models.TextChoices):
        STARTER = "starter", "Starter"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="projects")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    summary = models.TextField(help_text="Markdown. What you build and what it proves.")
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices, default=Difficulty.STARTER)
    skills = models.ManyToManyField(SkillArea, blank=True, related_name="projects")

    class Meta:
        ordering = ["role", "order"]
        constraints = [
            models.UniqueConstraint(fields=["role", "order"], name="project_order_unique"),
            models.CheckConstraint(
                condition=Q(difficulty__in=["starter", "intermediate", "advanced"]),
                name="project_difficulty_valid",
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.title}"


def comparison_url(roles):
    """Canonical comparison URL: roles in display order, joined by -vs-."""
    ordered = sorted(roles, key=lambda r: (r.display_order, r.name))
    return reverse("roles:compare", args=["-vs-".join(r.slug for r in ordered)])
