"""The decoder's vocabulary: phrases editors own, tied to skill areas and, when strong, to lanes."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from roles.models import Role, SkillArea

from .reader import folded

MAX_WEIGHT = 5


class PhraseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_reader(self):
        """Active phrases with their skill areas and lane weights: three queries for any vocabulary."""
        weights = LaneWeight.objects.select_related("role")
        return self.active().prefetch_related("skill_areas", models.Prefetch("lane_weights", weights))


class Phrase(models.Model):
    class Kind(models.TextChoices):
        WORK = "work", "Work: read in the body of the posting"
        TITLE = "title", "Job title: read in the title line only"

    text = models.CharField(max_length=80, help_text='The phrase as a posting would say it, e.g. "fine-tuning".')
    variants = models.TextField(
        blank=True,
        help_text='Other spellings and forms, one per line ("fine tuning", "finetune"). Case, hyphens and '
        'punctuation are ignored, and a plural "s" is tried for each.',
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.WORK)
    skill_areas = models.ManyToManyField(SkillArea, blank=True, related_name="posting_phrases")
    note = models.CharField(max_length=200, blank=True, help_text="For editors: why this phrase points where it does.")
    is_active = models.BooleanField("active", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PhraseQuerySet.as_manager()

    class Meta:
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(Lower("text"), name="posting_phrase_text_unique"),
            models.CheckConstraint(condition=Q(kind__in=["work", "title"]), name="posting_phrase_kind_valid"),
        ]

    def __str__(self):
        return self.text

    @property
    def forms(self):
        """Every spelling as the reader compares it ("Fine-tuning" as "fine tuning"), each once, in order."""
        spellings = (folded(line) for line in [self.text, *self.variants.splitlines()])
        return list(dict.fromkeys(spelling for spelling in spellings if spelling))


class LaneWeight(models.Model):
    """A phrase that is a strong signal for a lane, and how strong (1 = a hint, 5 = decisive)."""

    phrase = models.ForeignKey(Phrase, on_delete=models.CASCADE, related_name="lane_weights")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="posting_weights", verbose_name="lane")
    weight = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(MAX_WEIGHT)]
    )

    class Meta:
        ordering = ["phrase", "role__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "role"], name="posting_weight_unique_per_lane"),
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=MAX_WEIGHT), name="posting_weight_1_5"),
        ]

    def __str__(self):
        return f"{self.phrase} → {self.role}: {self.weight}"
