"""The role-fit questionnaire: a work-preference profile compared with each role's target.

Editors write dimensions, items (statements answered on a 5-point scale) with their
loadings, and each role's target per dimension with its reason. Saving any of them in
the admin compiles the published questionnaire into a Snapshot (services.publish_snapshot) and
queues its calibration; visitors are served from the latest snapshot. A snapshot never
changes and cannot be deleted while a result points to it, so later edits never change a result.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from . import calibration, scoring

MAX_ITEM_WORDS = 20
# A calibration takes seconds; one still unstored after this long lost its worker and may start again.
CALIBRATION_TIMEOUT = datetime.timedelta(minutes=15)


def at_most_twenty_words(text):
    if len(text.split()) > MAX_ITEM_WORDS:
        raise ValidationError(f"Keep a statement to {MAX_ITEM_WORDS} words or fewer: one idea, plainly put.")


class Dimension(models.Model):
    """One work preference that separates the roles, rated from 1 to 5."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(
        max_length=80, help_text="Lower case, read after “You rated”: e.g. “customer contact and delivery”."
    )
    low_label = models.CharField("1 means", max_length=80, help_text="What a 1 means, e.g. “build with models”.")
    high_label = models.CharField("5 means", max_length=80, help_text="What a 5 means, e.g. “train the model”.")
    often = models.CharField(
        max_length=120,
        help_text="Completes “<role>s …” for a role whose target is 4 or 5, e.g. “spend most days with customers”.",
    )
    sometimes = models.CharField(max_length=120, help_text="The same for a target of 3.")
    rarely = models.CharField(
        max_length=120, help_text="The same for a target of 1 or 2, e.g. “rarely meet customers”."
    )
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.name


class ItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_loadings(self):
        return self.prefetch_related(models.Prefetch("loadings", queryset=Loading.objects.select_related("dimension")))


class Item(models.Model):
    """A statement the visitor rates from “strongly disagree” (1) to “strongly agree” (5)."""

    text = models.CharField(
        max_length=160,
        validators=[at_most_twenty_words],
        help_text="At most 20 words, one idea, about what the person enjoys or chooses.",
    )
    display_order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "pk"]
        verbose_name = "statement"

    def __str__(self):
        return self.text


class Loading(models.Model):
    """How an item moves a dimension: agreeing raises it (+) or lowers it (−), at weight 1 or 2."""

    class Weight(models.IntegerChoices):
        STRONG_DOWN = -2, "−2 (agreeing lowers it, strongly)"
        DOWN = -1, "−1 (agreeing lowers it)"
        UP = 1, "+1 (agreeing raises it)"
        STRONG_UP = 2, "+2 (agreeing raises it, strongly)"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="loadings")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="loadings")
    weight = models.SmallIntegerField(choices=Weight.choices, default=Weight.UP)

    class Meta:
        ordering = ["item", "dimension__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "dimension"], name="fit_loading_once_per_dimension"),
            models.CheckConstraint(condition=Q(weight__in=[-2, -1, 1, 2]), name="fit_loading_weight_valid"),
        ]

    def __str__(self):
        return f"{self.item} → {self.dimension} ({self.weight:+d})"


class RoleTarget(models.Model):
    """Where a role sits on a dimension (1–5), and why, from the role's profile. Only the shape of a
    role's targets counts: they are compared relative to their own average, like a visitor's answers."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="fit_targets")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="targets")
    target = models.PositiveSmallIntegerField(help_text="1 to 5, on the dimension's own scale.")
    reason = models.CharField(
        max_length=200, help_text="Why the role sits here, from its profile page. Shown on the Calibration page."
    )

    class Meta:
        ordering = ["role__display_order", "dimension__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["role", "dimension"], name="fit_target_once_per_dimension"),
            models.CheckConstraint(condition=Q(target__gte=1, target__lte=5), name="fit_target_1_5"),
        ]

    def __str__(self):
        return f"{self.role} · {self.dimension}: {self.target}"


class Experience(models.Model):
    """Something a visitor may have done already (an optional tick box after the statements); a plan
    started from the result marks the roadmap steps it covers “known already”."""

    text = models.CharField(
        max_length=120, help_text="Completes “Already done:”, e.g. “Built and run a data pipeline”."
    )
    steps = models.ManyToManyField("roles.RoadmapStep", related_name="+", help_text="The roadmap steps it covers.")
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "pk"]
        verbose_name = "experience"

    def __str__(self):
        return self.text


class TryOut(models.Model):
    """One small task that lets a visitor feel what a role's work is like."""

    role = models.OneToOneField("roles.Role", on_delete=models.CASCADE, related_name="fit_try_out")
    task = models.CharField(max_length=300, help_text="One evening's work, e.g. “Spend an evening on …”.")

    class Meta:
        ordering = ["role__display_order"]
        verbose_name = "try-out task"

    def __str__(self):
        return f"{self.role}: {self.task}"


class SnapshotQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-published_at", "-pk")

    def awaiting_calibration(self, *, now):
        """Snapshots with no report and no run under way (none started, or one that outlived
        CALIBRATION_TIMEOUT: its worker died)."""
        return self.filter(calibration__isnull=True).filter(
            Q(calibration_started_at__isnull=True) | Q(calibration_started_at__lt=now - CALIBRATION_TIMEOUT)
        )


class Snapshot(models.Model):
    """The published questionnaire compiled on save, with its calibration.

    ``content`` is what scoring.py works on (see scoring.compile_content); ``calibration`` is
    the report of calibration.calibrate, stored by a task (tasks.calibrate_snapshot) some time
    after publishing: empty until then, while ``calibration_started_at`` says since when it runs.
    The latest snapshot is the live questionnaire.
    """

    version = models.CharField(max_length=16, unique=True)
    content = models.JSONField()
    calibration = models.JSONField(null=True, blank=True)
    calibration_started_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(db_index=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = "calibration"
        verbose_name_plural = "calibration"

    def __str__(self):
        return f"Questionnaire {self.version} · {self.published_at:%Y-%m-%d %H:%M}"

    def is_calibrating(self, *, now):
        return (
            self.calibration is None
            and self.calibration_started_at is not None
            and self.calibration_started_at >= now - CALIBRATION_TIMEOUT
        )

    def store_calibration(self):
        """Compute the calibration report and store it, unless a report is stored already.

        The report depends only on the content (fixed seed), so a second run could only store
        the same report; the conditional UPDATE never overwrites one.
        """
        try:
            report = calibration.calibrate(self.content)
        except Exception:
            # No longer running: the Calibration page offers to start it again.
            Snapshot.objects.filter(pk=self.pk, calibration__isnull=True).update(calibration_started_at=None)
            raise
        return bool(Snapshot.objects.filter(pk=self.pk, calibration__isnull=True).update(calibration=report))


class ResultQuerySet(models.QuerySet):
    def on_top_counts(self):
        """How often each role came out on top, most frequent first."""
        return (
            self.values("top_role__name")
            .annotate(results=models.Count("pk"))
            .order_by("-results", "top_role__display_order")
        )


class Result(models.Model):
    """One completed questionnaire, kept as it was scored.

    ``snapshot`` is the questionnaire answered; answers {str(item id): 1-5}; done: the ids of the
    experiences ticked; profile and scores as scoring.evaluate gave them. Results of an earlier edition
    (their snapshot has no current ``edition``) keep what that edition stored (profile {slug: 1-5},
    scores [{"role_id", "fit", "score"}] and swaps) and are shown from it as stored, with no scoring
    (pages.earlier_page). Wording and targets stay in the snapshot, which never changes.
    """

    # A random UUID4 is the public id: unguessable, so results are shareable but not listable.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="results")
    answers = models.JSONField()
    done = models.JSONField(default=list, blank=True)
    profile = models.JSONField(default=dict)
    scores = models.JSONField()
    swaps = models.JSONField(default=list, help_text="Earlier edition only.")
    top_role = models.ForeignKey(
        "roles.Role", null=True, blank=True, on_delete=models.SET_NULL, related_name="fit_results"
    )
    # The job the visitor said they do today, if they said: their next step points at that path.
    background = models.ForeignKey(
        "paths.Background", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    questionnaire_version = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        # From the top role, not the ranking: listing results (the admin's delete page) must not
        # load each one's snapshot.
        top = self.top_role.name if self.top_role else "no role named" if self.scores else "no roles"
        return f"{top} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("fit:result", args=[self.pk])

    @property
    def is_earlier_edition(self):
        return self.snapshot.content.get("edition") != scoring.EDITION

    def answer_rows(self):
        """[{"item_id", "text", "value"}] in the questionnaire's order."""
        return [
            {"item_id": item["id"], "text": item["text"], "value": self.answers[str(item["id"])]}
            for item in self.snapshot.content["items"]
        ]
