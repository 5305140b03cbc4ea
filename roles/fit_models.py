"""The role-fit questionnaire: questions, choices, per-role weights and stored results.

Scoring lives in roles/fit_services.py; these models hold the content editors change
and the snapshot a visitor's result keeps (so a shared result never changes later).
"""

import hashlib
import json
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse

__all__ = [
    "MAX_WEIGHT",
    "Choice",
    "ChoiceWeight",
    "FitTier",
    "Question",
    "Result",
    "fit_tier",
    "questionnaire_version",
]

MAX_WEIGHT = 5
# Fit tiers by normalised score (0-100); explained to visitors on the result page.
STRONG_FIT_FROM = 70
GOOD_FIT_FROM = 45


class FitTier(models.TextChoices):
    STRONG = "strong", "Strong fit"
    GOOD = "good", "Good fit"
    PARTIAL = "partial", "Partial fit"


def fit_tier(score):
    if score >= STRONG_FIT_FROM:
        return FitTier.STRONG
    if score >= GOOD_FIT_FROM:
        return FitTier.GOOD
    return FitTier.PARTIAL


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_choices(self):
        """Questions with their choices in order: two queries, whatever the size."""
        return self.prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("display_order", "pk")))

    def with_weights(self):
        """Questions, choices and every choice's weights: three queries."""
        return self.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("display_order", "pk").prefetch_related("weights"))
        )


class Question(models.Model):
    text = models.CharField(max_length=200, help_text="Shown as the question's heading.")
    help_text = models.CharField(max_length=200, blank=True, help_text="Optional hint under the question.")
    display_order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(
        "published", default=True, help_text="Only published questions appear in the questionnaire."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=200)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "display_order", "pk"]

    def __str__(self):
        return self.text

    def weight_map(self):
        """{role pk: weight} from the (prefetched) weights; missing roles weigh 0."""
        return {weight.role_id: weight.weight for weight in self.weights.all()}


class ChoiceWeight(models.Model):
    """How strongly picking ``choice`` points to ``role``: 0 (not at all) to MAX_WEIGHT."""

    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="weights")
    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="choice_weights")
    weight = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(MAX_WEIGHT)])

    class Meta:
        ordering = ["choice", "role__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["choice", "role"], name="choice_weight_unique_per_role"),
            models.CheckConstraint(condition=Q(weight__gte=0, weight__lte=MAX_WEIGHT), name="choice_weight_0_5"),
        ]

    def __str__(self):
        return f"{self.choice} → {self.role}: {self.weight}"


class ResultQuerySet(models.QuerySet):
    def on_top_counts(self):
        """How often each role came out on top, most frequent first."""
        return (
            self.values("top_role__name")
            .annotate(results=models.Count("pk"))
            .order_by("-results", "top_role__display_order")
        )


class Result(models.Model):
    """One completed questionnaire.

    ``answers`` and ``scores`` are snapshots taken at submission, so the shared page
    shows the same ranking and reasons even after editors change questions or weights.
    answers: [{"question_id", "question", "choice_id", "choice", "weights": {role pk: weight}}]
    scores:  [{"role_id", "slug", "name", "raw", "max", "score", "tier"}], best first.
    """

    # A random UUID4 is the public id: unguessable, so results are shareable but not listable.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answers = models.JSONField()
    scores = models.JSONField()
    top_role = models.ForeignKey(
        "roles.Role", null=True, blank=True, on_delete=models.SET_NULL, related_name="fit_results"
    )
    questionnaire_version = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        top = self.scores[0]["name"] if self.scores else "no roles"
        return f"{top} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("fit:result", args=[self.pk])

    @property
    def ranking(self):
        return [{**row, "tier_label": FitTier(row["tier"]).label} for row in self.scores]

    @property
    def top(self):
        return self.ranking[0] if self.scores else None

    def reasons(self, limit=4):
        """The answers that pushed the top role up, strongest first (ties: question order)."""
        if not self.scores:
            return []
        key = str(self.scores[0]["role_id"])
        pushed = [(answer["weights"].get(key, 0), index, answer) for index, answer in enumerate(self.answers)]
        pushed = sorted((item for item in pushed if item[0] > 0), key=lambda item: (-item[0], item[1]))
        return [{"question": a["question"], "choice": a["choice"], "weight": w} for w, _, a in pushed[:limit]]


def questionnaire_version(questions):
    """A short hash of the published questions and choices (ids and wording).

    The form carries it in a hidden field: an answer sheet built from older questions
    is refused instead of being scored against the wrong choices. Order is ignored, so
    reordering questions does not invalidate forms that visitors have open.
    """
    shape = sorted(
        (question.pk, question.text, sorted((choice.pk, choice.text) for choice in question.choices.all()))
        for question in questions
    )
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:16]
