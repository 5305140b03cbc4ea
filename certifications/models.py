import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from careerhub.models import MarkdownModel, PublishableQuerySet

# Facts older than this are flagged for editors to recheck (certification facts go stale fast).
FACTS_FRESH_DAYS = 180


class Provider(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    url = models.URLField("website", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CertificationQuerySet(PublishableQuerySet):
    def catalogue_order(self, by_fit=False):
        """Current certifications first, retired ones after them; by fit rank first after ``for_role``."""
        retired_last = Case(When(status=Certification.Status.RETIRED, then=Value(1)), default=Value(0))
        return self.order_by(retired_last, *(["fit_rank"] if by_fit else []), "provider__name", "name")

    def for_catalogue(self):
        """What a catalogue card draws, in a fixed number of queries."""
        return self.select_related("provider", "successor").prefetch_related(
            Prefetch(
                "role_fits",
                queryset=RoleFit.objects.filter(role__is_published=True).select_related("role"),
            )
        )

    def for_role(self, role):
        """Certifications that fit ``role``, its primary pick first."""
        rank = (
            RoleFit.objects.filter(certification=OuterRef("pk"), role=role)
            .annotate(rank=fit_kind_rank())
            .values("rank")[:1]
        )
        return self.annotate(fit_rank=Subquery(rank)).filter(fit_rank__isnull=False)

    def with_details(self):
        """Everything a certification page draws, in a fixed number of queries."""
        return self.select_related("provider", "successor", "successor__provider").prefetch_related(
            Prefetch("predecessors", queryset=Certification.objects.published().select_related("provider")),
            "domains",
            "sources",
            Prefetch(
                "role_fits",
                queryset=RoleFit.objects.filter(role__is_published=True).select_related("role"),
            ),
        )

    def stale(self, today=None):
        return self.filter(facts_verified_on__lt=stale_before(today))


def stale_before(today=None):
    return (today or timezone.localdate()) - datetime.timedelta(days=FACTS_FRESH_DAYS)


class Certification(MarkdownModel):
    markdown_fields = ("description",)

    class Level(models.TextChoices):
        FUNDAMENTALS = "fundamentals", "Fundamentals"
        ASSOCIATE = "associate", "Associate"
        PROFESSIONAL = "professional", "Professional"
        LEADER = "leader", "Leader"
        SPECIALTY = "specialty", "Specialty"
        EXPERT = "expert", "Expert"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        BETA = "beta", "Beta"
        RETIRING = "retiring", "Retiring"
        RETIRED = "retired", "Retired"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="certifications")
    name = models.CharField(max_length=150, help_text="The credential's name, e.g. “Azure AI Engineer Associate”.")
    slug = models.SlugField(max_length=80, unique=True)
    exam_code = models.CharField(max_length=20, blank=True, help_text="e.g. AI-102. Leave empty if there is none.")
    exam_title = models.CharField(max_length=150, blank=True, help_text="The exam's own title, if it differs.")
    level = models.CharField(max_length=12, choices=Level.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_note = models.CharField(
        max_length=200, blank=True, help_text="Shown next to the status, e.g. “In beta since about April 2026.”"
    )
    retirement_date = models.DateField(
        null=True, blank=True, help_text="Required when the status is retiring or retired."
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="The certification that replaces this one (retiring or retired only).",
    )
    summary = models.CharField(max_length=300, help_text="One or two plain sentences for cards and search results.")
    description = models.TextField(blank=True, help_text="Markdown. Who it is for and what it proves.")

    # Exam facts: leave a field empty when no source confirms it; pages then say "Not published".
    price = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    currency = models.CharField(
        max_length=3,
        blank=True,
        default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter currency code such as USD.")],
    )
    price_note = models.CharField(max_length=80, blank=True, help_text="e.g. “plus tax”.")
    duration_minutes = models.PositiveSmallIntegerField("exam length (minutes)", null=True, blank=True)
    questions_min = models.PositiveSmallIntegerField("questions (fewest)", null=True, blank=True)
    questions_max = models.PositiveSmallIntegerField(
        "questions (most)", null=True, blank=True, help_text="Same as the fewest for a fixed count."
    )
    question_note = models.CharField(max_length=80, blank=True, help_text="e.g. “50 scored”.")
    passing_score = models.CharField(max_length=80, blank=True, help_text="e.g. “700 out of 1000”.")
    languages = models.CharField(max_length=200, blank=True)
    delivery = models.CharField(max_length=200, blank=True, help_text="e.g. “Online proctored or at a test centre”.")
    validity_months = models.PositiveSmallIntegerField(
        "valid for (months)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    renewal = models.CharField("renewal rule", max_length=250, blank=True)
    recommended_experience = models.CharField(max_length=250, blank=True)
    official_url = models.URLField("official page", blank=True)
    practice_test_url = models.URLField("practice test", blank=True)
    domains_as_of = models.DateField(
        "skill outline dated", null=True, blank=True, help_text="Date of the skills outline the domains come from."
    )
    domains_note = models.CharField(
        max_length=250, blank=True, help_text="Shown with the skill domains, e.g. why none are listed."
    )
    facts_verified_on = models.DateField(
        "facts last verified on", help_text="When an editor last checked every fact above against its sources."
    )
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["fundamentals", "associate", "professional", "leader", "specialty", "expert"]),
                name="certification_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "beta", "retiring", "retired"]),
                name="certification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["retiring", "retired"], retirement_date__isnull=False)
                | Q(status__in=["active", "beta"], retirement_date__isnull=True),
                name="certification_retirement_date_matches_status",
                violation_error_message=(
                    "Give a retirement date when the status is retiring or retired, and none otherwise."
                ),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(status__in=["retiring", "retired"]),
                name="certification_successor_only_when_retiring",
                violation_error_message="Only a retiring or retired certification has a successor.",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")),
                name="certification_not_own_successor",
                violation_error_message="A certification cannot be its own successor.",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | (Q(price__gte=0) & ~Q(currency="")),
                name="certification_price_has_currency",
                violation_error_message="A price needs a currency and cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0),
                name="certification_duration_positive",
                violation_error_message="The exam length must be more than zero minutes.",
            ),
            models.CheckConstraint(
                condition=Q(questions_min__isnull=True, questions_max__isnull=True)
                # NULL compares as unknown and would pass a CHECK, so both ends are required explicitly.
                | Q(
                    questions_min__isnull=False,
                    questions_max__isnull=False,
                    questions_min__gt=0,
                    questions_max__gte=models.F("questions_min"),
                ),
                name="certification_question_range",
                violation_error_message=(
                    "Give both question counts (the same number twice for a fixed count), "
                    "with the fewest no larger than the most."
                ),
            ),
            models.UniqueConstraint(
                fields=["provider", "exam_code"],
                condition=~Q(exam_code=""),
                name="certification_exam_code_unique_per_provider",
                violation_error_message="This provider already has a certification with that exam code.",
            ),
        ]

    def __str__(self):
        return f"{self.exam_code} {self.name}" if self.exam_code else self.name

    def clean(self):
        # A single question count means a fixed count: copy it so editors need not type it twice.
        if self.questions_min is None and self.questions_max is not None:
            self.questions_min = self.questions_max
        elif self.questions_max is None and self.questions_min is not None:
            self.questions_max = self.questions_min
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": "A certification cannot be its own successor."})

    def get_absolute_url(self):
        return reverse("certifications:detail", args=[self.slug])

    @property
    def short_name(self):
        """The exam code where there is one (how people say it), else the name."""
        return self.exam_code or self.name

    @property
    def is_retired(self):
        return self.status == self.Status.RETIRED

    @property
    def is_current(self):
        return not self.is_retired

    def facts_age_days(self, today=None):
        return ((today or timezone.localdate()) - self.facts_verified_on).days

    def facts_need_recheck(self, today=None):
        return self.facts_verified_on < stale_before(today)

    # Display helpers: None means "no source confirms it" and the page says "Not published".
    @property
    def price_display(self):
        if self.price is None:
            return None
        amount = f"{self.price:.2f}".removesuffix(".00")
        return " ".join(part for part in [self.currency, amount, self.price_note] if part)

    @property
    def duration_display(self):
        if not self.duration_minutes:
            return None
        return f"{self.duration_minutes} minutes"

    @property
    def question_count_display(self):
        if self.questions_min is None:
            return None
        if self.questions_min == self.questions_max:
            return str(self.questions_min)
        return f"{self.questions_min}–{self.questions_max}"

    @property
    def questions_display(self):
        count = self.question_count_display
        if count and self.question_note:
            return f"{count} ({self.question_note})"
        return count

    @property
    def validity_display(self):
        months = self.validity_months
        if not months:
            return None
        if months % 12 == 0:
            years = months // 12
            return f"{years} year" if years == 1 else f"{years} years"
        return f"{months} months"

    def fact_rows(self):
        """(label, value) for the facts table, in reading order; value None when not published."""
        return [
            ("Price", self.price_display),
            ("Exam length", self.duration_display),
            ("Questions", self.questions_display),
            ("Passing score", self.passing_score or None),
            ("Languages", self.languages or None),
            ("Delivery", self.delivery or None),
            ("Valid for", self.validity_display),
            ("Renewal", self.renewal or None),
            ("Recommended experience", self.recommended_experience or None),
        ]

    def structured_data(self, url):
        """schema.org EducationalOccupationalCredential for the page at ``url``."""
        data = {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalCredential",
            "name": self.name,
            "url": url,
            "description": self.summary,
            "credentialCategory": "Certification",
            "educationalLevel": self.get_level_display(),
            "recognizedBy": {"@type": "Organization", "name": self.provider.name},
        }
        if self.provider.url:
            data["recognizedBy"]["url"] = self.provider.url
        if self.exam_code:
            data["identifier"] = self.exam_code
        if self.validity_months:
            data["validFor"] = f"P{self.validity_months}M"
        if self.price is not None:
            data["offers"] = {
                "@type": "Offer",
                "price": self.price,
                "priceCurrency": self.currency,
                "category": "Exam fee",
            }
        competencies = [domain.name for domain in self.domains.all()]
        if competencies:
            data["competencyRequired"] = competencies
        return data


def domain_range_problem(ranges):
    """Why weight ranges [(min, max), ...] cannot add up to 100%, or None when they can."""
    ranges = list(ranges)
    if not ranges:
        return None
    low = sum(low for low, _ in ranges)
    high = sum(high for _, high in ranges)
    if low > 100:
        return f"The lowest weights already add up to {low}%, more than 100%."
    if high < 100:
        return f"The highest weights add up to only {high}%, less than 100%."
    return None


class SkillDomain(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=150)
    weight_min = models.PositiveSmallIntegerField("weight from (%)", validators=[MaxValueValidator(100)])
    weight_max = models.PositiveSmallIntegerField(
        "weight to (%)", validators=[MaxValueValidator(100)], help_text="Same as “from” for a single figure."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["certification", "name"], name="skill_domain_unique_name"),
            models.CheckConstraint(
                condition=Q(weight_min__gte=0, weight_max__lte=100, weight_min__lte=models.F("weight_max")),
                name="skill_domain_weight_range",
                violation_error_message="Weights run from 0 to 100%, with “from” no larger than “to”.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight_display})"

    @property
    def weight_spread(self):
        return self.weight_max - self.weight_min

    @property
    def weight_display(self):
        if self.weight_min == self.weight_max:
            return f"{self.weight_min}%"
        return f"{self.weight_min}–{self.weight_max}%"


class SourceLink(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="sources")
    label = models.CharField(max_length=120, help_text="Who published it, e.g. “docs.aws.amazon.com exam guide”.")
    url = models.URLField(blank=True, help_text="Leave empty only when the source has no public address.")
    supports = models.CharField(max_length=300, help_text="Which facts on the page this source backs.")
    is_official = models.BooleanField("official (published by the provider)", default=False)
    source_date = models.CharField(
        "date on the source", max_length=40, blank=True, help_text="As the source gives it, e.g. “23 April 2026”."
    )
    seen_on = models.DateField(help_text="When an editor last read it.")

    class Meta:
        ordering = ["-is_official", "label", "pk"]

    def __str__(self):
        return self.label


def fit_kind_rank():
    """Primary first, then alternatives, then context: the order every page lists fits in."""
    return Case(
        When(kind="primary", then=Value(0)),
        When(kind="alternative", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


class RoleFit(MarkdownModel):
    """How well a certification serves one role; at most one primary pick per role."""

    markdown_fields = ("rationale",)

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary pick"
        ALTERNATIVE = "alternative", "Alternative"
        CONTEXT = "context", "Useful context"

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="certification_fits")
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="role_fits")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    rationale = models.TextField(help_text="Markdown. Why this certification helps in this role, in a few sentences.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Order among fits of the same kind.")

    class Meta:
        ordering = [fit_kind_rank(), "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "certification"],
                name="role_fit_unique",
                violation_error_message="This certification is already mapped to this role.",
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(kind="primary"),
                name="role_fit_one_primary_per_role",
                violation_error_message=(
                    "This role already has a primary certification; make that one an alternative first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["primary", "alternative", "context"]), name="role_fit_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.role} → {self.certification} ({self.get_kind_display()})"

    @property
    def is_primary(self):
        return self.kind == self.Kind.PRIMARY


# Helpers for the role and comparison pages (they live in the roles app, which only reads these).


def role_fits_prefetch():
    """Prefetch a role's fits to published certifications, primary first.

    Use in a Role queryset: ``Role.objects.published().prefetch_related(role_fits_prefetch())``;
    then ``role.certification_fits.all()`` costs no query.
    """
    return Prefetch(
        "certification_fits",
        queryset=RoleFit.objects.filter(certification__is_published=True)
        .select_related("certification", "certification__provider")
        .order_by(fit_kind_rank(), "order", "pk"),
    )


class FirstCertification:
    """One cell of the comparison table's "First certification" row."""

    def __init__(self, role, fit):
        self.role = role
        self.fit = fit

    @property
    def certification(self):
        return self.fit.certification if self.fit else None

    def __repr__(self):
        return f"<FirstCertification {self.role.slug}: {self.certification}>"


def first_certification_row(roles):
    """Each role's primary published certification (or None), in the order of ``roles``.

    Reads the prefetched fits when ``role_fits_prefetch()`` was used; otherwise one query in all.
    """
    roles = list(roles)
    if all("certification_fits" in getattr(role, "_prefetched_objects_cache", {}) for role in roles):
        primary = {
            role.pk: next((fit for fit in role.certification_fits.all() if fit.is_primary), None) for role in roles
        }
    else:
        fits = RoleFit.objects.filter(
            role__in=roles, kind=RoleFit.Kind.PRIMARY, certification__is_published=True
        ).select_related("certification", "certification__provider")
        primary = {fit.role_id: fit for fit in fits}
    return [FirstCertification(role, primary.get(role.pk)) for role in roles]
