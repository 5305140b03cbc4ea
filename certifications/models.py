import calendar
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import (
    Case,
    CharField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.urls import reverse
from django.utils import timezone

from careerhub.core.models import MarkdownModel, PublishableQuerySet, ScheduledPublishing

# An exam this close to retirement carries a warning and is never offered as a first pick.
RETIRING_SOON_DAYS = 90
# Facts nobody has checked against their source for this long go to the editors' review queue.
FACTS_FRESH_DAYS = 180
# A skill area counts as covered when exam domains that test it make up at least this share of the exam.
COVERED_SHARE = 10


def today_or(today):
    return today or timezone.localdate()


def validate_page_url(url):
    """A source is the page that holds the fact, never a site's home page."""
    parts = urlsplit(url)
    if parts.path in ("", "/") and not parts.query:
        raise ValidationError("Link the page that holds the fact, not the site's home page.", code="home_page")


class Provider(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    url = models.URLField("website", blank=True)
    entry_level_name = models.CharField(
        "name of its entry level",
        max_length=30,
        default="Foundational",
        help_text="What this provider calls its first tier (Microsoft says “Fundamentals”).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def level_name(self, level):
        """The provider's own name for one of the tiers in Certification.Level."""
        if level == Certification.Level.FOUNDATIONAL:
            return self.entry_level_name
        return Certification.Level(level).label


class Status(models.TextChoices):
    """Where an exam is in its life, computed from its dates (labels as the vendors word them)."""

    ANNOUNCED = "announced", "Announced"
    BETA = "beta", "Beta"
    AVAILABLE = "available", "Available"
    RETIRING = "retiring", "Retiring"
    RETIRED = "retired", "Retired"


def status_expression(today):
    """The SQL twin of Certification.status_on(): the same rules, so querysets can filter by status."""
    return Case(
        When(retires_on__lte=today, then=Value(Status.RETIRED)),
        When(retires_on__isnull=False, then=Value(Status.RETIRING)),
        When(available_from__lte=today, then=Value(Status.AVAILABLE)),
        When(beta_from__lte=today, then=Value(Status.BETA)),
        When(beta_from__isnull=True, available_from__isnull=True, then=Value(Status.AVAILABLE)),
        default=Value(Status.ANNOUNCED),
        output_field=CharField(),
    )


class CertificationQuerySet(PublishableQuerySet):
    def with_status(self, today=None):
        """Annotates ``status_now`` (a Status value) from the dates as they stand ``today``."""
        return self.annotate(status_now=status_expression(today_or(today)))

    def not_retired(self, today=None):
        return self.filter(Q(retires_on__isnull=True) | Q(retires_on__gt=today_or(today)))

    def recommendable(self, today=None):
        """Published and not retired: the only certifications any page may recommend."""
        return self.published().not_retired(today)

    def first_pick_eligible(self, today=None):
        """Recommendable and not retiring within RETIRING_SOON_DAYS: may be offered as the one to take first."""
        soon = today_or(today) + datetime.timedelta(days=RETIRING_SOON_DAYS)
        return self.published().filter(Q(retires_on__isnull=True) | Q(retires_on__gt=soon))

    def catalogue_order(self, by_fit=False, today=None):
        """Current certifications first, retired ones after them; by fit rank first after ``for_role``."""
        retired_last = Case(When(retires_on__lte=today_or(today), then=Value(1)), default=Value(0))
        return self.order_by(retired_last, *(["fit_rank"] if by_fit else []), "provider__name", "name")

    def for_catalogue(self):
        """What a catalogue card draws, in a fixed number of queries."""
        return self.select_related("provider", "successor").prefetch_related(
            Prefetch("role_fits", queryset=RoleFit.objects.filter(role__is_published=True).select_related("role")),
            Prefetch("facts", queryset=Fact.objects.select_related("source")),
        )

    def for_role(self, role):
        """Certifications that fit ``role``, its primary pick first."""
        rank = (
            RoleFit.objects.filter(certification=OuterRef("pk"), role=role)
            .annotate(rank=fit_kind_rank())
            .values("rank")[:1]
        )
        return self.annotate(fit_rank=Subquery(rank)).filter(fit_rank__isnull=False)

    def with_domains(self):
        """Domains with their weights and skill areas: what coverage needs, three queries."""
        return self.prefetch_related(domains_prefetch())

    def with_details(self):
        """Everything a certification page or a comparison draws, in a fixed number of queries."""
        return self.select_related("provider", "successor", "successor__provider").prefetch_related(
            *detail_prefetches()
        )


def domains_prefetch():
    return Prefetch(
        "domains",
        queryset=SkillDomain.objects.prefetch_related(
            Prefetch("weights", queryset=DomainWeight.objects.select_related("source")), "skill_areas"
        ),
    )


def detail_prefetches():
    """The related rows a certification page draws: for with_details(), or prefetch_related_objects() on one."""
    return (
        Prefetch("predecessors", queryset=Certification.objects.published().select_related("provider")),
        "sources",
        Prefetch("facts", queryset=Fact.objects.select_related("source")),
        Prefetch("role_fits", queryset=RoleFit.objects.filter(role__is_published=True).select_related("role")),
        domains_prefetch(),
    )


class Certification(ScheduledPublishing, MarkdownModel):
    markdown_fields = ("description",)

    class Level(models.TextChoices):
        # One value per tier; each provider's own name for the entry tier is Provider.entry_level_name.
        FOUNDATIONAL = "foundational", "Foundational"
        ASSOCIATE = "associate", "Associate"
        PROFESSIONAL = "professional", "Professional"
        SPECIALTY = "specialty", "Specialty"
        EXPERT = "expert", "Expert"

    Status = Status

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="certifications")
    name = models.CharField(max_length=150, help_text="The credential's name, e.g. “Azure AI Engineer Associate”.")
    slug = models.SlugField(max_length=80, unique=True)
    exam_code = models.CharField(max_length=20, blank=True, help_text="e.g. AI-102. Leave empty if there is none.")
    exam_title = models.CharField(max_length=150, blank=True, help_text="The exam's own title, if it differs.")
    level = models.CharField(
        max_length=12, choices=Level.choices, help_text="The tier; pages show the provider's own name for it."
    )
    # The status follows from these dates, so it changes by itself when a date passes.
    beta_from = models.DateField(null=True, blank=True)
    available_from = models.DateField(
        "generally available from", null=True, blank=True, help_text="Leave empty while no source confirms a date."
    )
    available_target = models.DateField(
        "general availability targeted for",
        null=True,
        blank=True,
        help_text=(
            "Any day of the month the provider targets. Pages show the month until it is over "
            "or “generally available from” is set."
        ),
    )
    retires_on = models.DateField(
        "retiring on / retired on",
        null=True,
        blank=True,
        help_text="The provider's retirement date: “retiring” before it, “retired” from that day.",
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="The certification that replaces this one (only with a retirement date).",
    )
    summary = models.CharField(max_length=300, help_text="One or two plain sentences for cards and search results.")
    description = models.TextField(blank=True, help_text="Markdown. Who it is for and what it proves.")
    domains_as_of = models.DateField(
        "skill outline dated", null=True, blank=True, help_text="Date of the skills outline the domains come from."
    )
    domains_note = models.CharField(
        max_length=250, blank=True, help_text="Shown with the skill domains, e.g. why no weights are listed."
    )
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["foundational", "associate", "professional", "specialty", "expert"]),
                name="certification_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(beta_from__isnull=True)
                | Q(available_from__isnull=True)
                | Q(beta_from__lte=models.F("available_from")),
                name="certification_beta_before_available",
                violation_error_message="The beta starts before general availability.",
            ),
            models.CheckConstraint(
                condition=Q(retires_on__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_from__lt=models.F("retires_on")),
                name="certification_available_before_retired",
                violation_error_message="An exam retires after it became available.",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(retires_on__isnull=False),
                name="certification_successor_only_when_retiring",
                violation_error_message="Only a certification with a retirement date has a successor.",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")),
                name="certification_not_own_successor",
                violation_error_message="A certification cannot be its own successor.",
            ),
            models.UniqueConstraint(
                fields=["provider", "exam_code"],
                condition=~Q(exam_code=""),
                name="certification_exam_code_unique_per_provider",
                violation_error_message="This provider already has a certification with that exam code.",
            ),
            ScheduledPublishing.schedule_constraint("certification_unpublish_after_publish"),
        ]

    def __str__(self):
        return f"{self.exam_code} {self.name}" if self.exam_code else self.name

    def clean(self):
        super().clean()
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": "A certification cannot be its own successor."})

    def get_absolute_url(self):
        return reverse("certifications:detail", args=[self.slug])

    @property
    def short_name(self):
        """The exam code where there is one (how people say it), else the name."""
        return self.exam_code or self.name

    # Lifecycle: the same rules as status_expression(), for one object in Python.
    def status_on(self, today=None):
        today = today_or(today)
        if self.retires_on and self.retires_on <= today:
            return Status.RETIRED
        if self.retires_on:
            return Status.RETIRING
        if self.available_from and self.available_from <= today:
            return Status.AVAILABLE
        if self.beta_from and self.beta_from <= today:
            return Status.BETA
        if not self.beta_from and not self.available_from:
            return Status.AVAILABLE
        return Status.ANNOUNCED

    @property
    def status(self):
        return self.status_on()

    def get_status_display(self):
        return Status(self.status).label

    @property
    def is_retired(self):
        return self.status == Status.RETIRED

    @property
    def is_current(self):
        return not self.is_retired

    @property
    def is_beta(self):
        return self.status == Status.BETA

    @property
    def is_entry_level(self):
        return self.level == self.Level.FOUNDATIONAL

    @property
    def level_name(self):
        """The level as the provider names it."""
        return self.provider.level_name(self.level)

    def target_month(self, today=None):
        """The month general availability is targeted for, while that is still ahead and not yet dated."""
        target = self.available_target
        if not target or self.available_from or self.status_on(today) == Status.RETIRED:
            return None
        month_end = target.replace(day=calendar.monthrange(target.year, target.month)[1])
        return target if today_or(today) <= month_end else None

    def lifecycle_text(self, today=None):
        """The "Status and dates" line, written from the dates (never typed, so it cannot go stale)."""
        status = self.status_on(today)
        if status == Status.RETIRED:
            return f"Retired on {self.retires_on:%-d %B %Y}"
        if status == Status.RETIRING:
            return f"Retires on {self.retires_on:%-d %B %Y}"
        if status == Status.AVAILABLE:
            return f"Generally available since {self.available_from:%-d %B %Y}" if self.available_from else "Available"
        target = self.target_month(today)
        later = f"; general availability targeted for {target:%B %Y}" if target else ""
        if status == Status.BETA:
            return f"In beta since {self.beta_from:%-d %B %Y}{later}"
        if self.beta_from:
            return f"Beta opens on {self.beta_from:%-d %B %Y}{later}"
        return f"Generally available from {self.available_from:%-d %B %Y}"

    def days_to_retirement(self, today=None):
        if not self.retires_on:
            return None
        return (self.retires_on - today_or(today)).days

    def retires_soon(self, today=None):
        """Retiring within RETIRING_SOON_DAYS: warn, and never offer it as a first pick."""
        days = self.days_to_retirement(today)
        return days is not None and 0 < days <= RETIRING_SOON_DAYS

    def can_be_first_pick(self, today=None):
        days = self.days_to_retirement(today)
        return self.is_published and (days is None or days > RETIRING_SOON_DAYS)

    @property
    def official_page(self):
        """The provider's page for this certification (reads the prefetched sources)."""
        return next((s for s in self.sources.all() if s.kind == SourceLink.Kind.OFFICIAL_PAGE), None)

    def fact_rows(self):
        """One FactRow per kind of fact, in reading order (reads the prefetched facts)."""
        claims = defaultdict(list)
        for fact in self.facts.all():
            claims[fact.kind].append(fact)
        rows = [FactRow(kind=kind, label=label, claims=claims.get(kind, [])) for kind, label in Fact.Kind.choices]
        rows[0].text = self.lifecycle_text()
        if self.is_retired:
            for row in rows:
                if row.kind == Fact.Kind.RENEWAL:
                    # Renewing a retired certification is impossible, whatever the old rule was.
                    row.note = f"No longer possible: retired on {self.retires_on:%-d %B %Y}."
        return rows

    def quick_facts(self):
        """Price, length and questions for a catalogue card."""
        wanted = {Fact.Kind.PRICE, Fact.Kind.DURATION, Fact.Kind.QUESTIONS}
        return [row for row in self.fact_rows() if row.kind in wanted]

    def claims(self):
        """Every fact and domain weight with a label for each (reads the prefetched rows)."""
        labels = dict(Fact.Kind.choices)
        order = {kind: n for n, kind in enumerate(labels)}
        facts = [(labels[fact.kind], fact) for fact in sorted(self.facts.all(), key=lambda fact: order[fact.kind])]
        weights = [
            (f"Weight of “{domain.name}”", weight) for domain in self.domains.all() for weight in domain.weights.all()
        ]
        return facts + weights

    def check_summary(self):
        """What was checked, for the line at the top of the page (reads the prefetched rows)."""
        claims = self.claims()
        checked = [claim for _, claim in claims if claim.checked_on]
        sources = {claim.source_id: claim.source for claim in checked}
        return CheckSummary(
            first=min((claim.checked_on for claim in checked), default=None),
            last=max((claim.checked_on for claim in checked), default=None),
            sources=len(sources),
            official=sum(source.is_official for source in sources.values()),
            # Lower-cased for the middle of a sentence ("Not yet checked: price, weight of “Agents”").
            unchecked=list(
                dict.fromkeys(label[0].lower() + label[1:] for label, claim in claims if not claim.checked_on)
            ),
        )

    def last_checked(self):
        dates = [claim.checked_on for _, claim in self.claims() if claim.checked_on]
        return max(dates, default=None)

    def structured_data(self, url):
        """schema.org EducationalOccupationalCredential for the page at ``url``."""
        data = {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalCredential",
            "name": self.name,
            "url": url,
            "description": self.summary,
            "credentialCategory": "Certification",
            "educationalLevel": self.level_name,
            "recognizedBy": {"@type": "Organization", "name": self.provider.name},
            "dateModified": self.updated_at.isoformat(),
        }
        if self.last_checked():
            data["lastReviewed"] = self.last_checked().isoformat()
        if self.provider.url:
            data["recognizedBy"]["url"] = self.provider.url
        if self.exam_code:
            data["identifier"] = self.exam_code
        competencies = [domain.name for domain in self.domains.all()]
        if competencies:
            data["competencyRequired"] = competencies
        return data


@dataclass
class CheckSummary:
    """When a certification's facts were checked, against how many sources, and what nobody checked yet."""

    first: datetime.date | None
    last: datetime.date | None
    sources: int
    official: int
    unchecked: list

    @property
    def one_day(self):
        return self.first == self.last


# The figure of a value is its first number ("165" in "USD 165"): what its quotation must contain.
FIGURE_RE = re.compile(r"\d+(?:[.,]\d+)*")


def figure_of(value):
    match = FIGURE_RE.search(value)
    return match.group() if match else None


@dataclass
class ClaimRow:
    """What several sources say about one thing; ``claims`` are Fact or DomainWeight rows."""

    claims: list

    @property
    def accepted(self):
        return next((claim for claim in self.claims if claim.is_accepted), None)

    @property
    def disagree(self):
        """Sources give different values and no editor has settled which one holds."""
        return self.accepted is None and len({claim.value for claim in self.claims}) > 1

    @property
    def shown(self):
        """The claims the page states: the accepted one, or all of them."""
        return [self.accepted] if self.accepted else self.claims

    @property
    def values(self):
        """The distinct values stated, in source order (for compact cells: "90 minutes or 120 minutes")."""
        return list(dict.fromkeys(claim.value for claim in self.shown))


@dataclass
class FactRow(ClaimRow):
    """One line of a facts table."""

    kind: str = ""
    label: str = ""
    note: str = ""
    # The status row's line, written from the certification's dates.
    text: str = ""

    @property
    def value(self):
        """One value when there is one (for compact tables), else None."""
        if not self.claims or self.disagree:
            return None
        return self.shown[0].value


class SourceLink(models.Model):
    """A page that holds facts about a certification, and what the source checker last saw there."""

    class Kind(models.TextChoices):
        OFFICIAL_PAGE = "official-page", "Official page"
        OFFICIAL = "official", "Official"
        THIRD_PARTY = "third-party", "Third party"

    class Check(models.TextChoices):
        NOT_CHECKED = "not-checked", "Not yet checked"
        OK = "ok", "Unchanged"
        NEW = "new", "First seen"
        CHANGED = "changed", "Page changed"
        ERROR = "error", "Error page"
        UNREACHABLE = "unreachable", "Unreachable"

    # Results that put the certification in the editors' review queue.
    NEEDS_REVIEW = (Check.CHANGED, Check.ERROR, Check.UNREACHABLE)

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.THIRD_PARTY)
    label = models.CharField(max_length=120, help_text="Who published it, e.g. “AWS exam guide”.")
    url = models.URLField(
        max_length=400, validators=[validate_page_url], help_text="The page itself, never a home page."
    )
    source_date = models.CharField(
        "date on the source", max_length=40, blank=True, help_text="As the source gives it, e.g. “23 April 2026”."
    )
    order = models.PositiveSmallIntegerField(default=0)
    # What check_sources saw last (never typed by editors).
    checked_at = models.DateTimeField("last fetched", null=True, blank=True, editable=False)
    check_result = models.CharField(max_length=12, choices=Check.choices, default=Check.NOT_CHECKED, editable=False)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    final_url = models.URLField(max_length=400, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    check_error = models.CharField(max_length=200, blank=True, editable=False)
    needs_review = models.BooleanField(
        default=False, help_text="Set by the source checker; untick once you have rechecked the facts it backs."
    )

    class Meta:
        ordering = [Case(When(kind="official-page", then=0), When(kind="official", then=1), default=2), "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["official-page", "official", "third-party"]), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(check_result__in=["not-checked", "ok", "new", "changed", "error", "unreachable"]),
                name="source_check_result_valid",
            ),
            models.UniqueConstraint(
                fields=["certification"],
                condition=Q(kind="official-page"),
                name="source_one_official_page",
                violation_error_message="This certification already has an official page.",
            ),
            models.UniqueConstraint(
                fields=["certification", "url"],
                name="source_url_unique_per_certification",
                violation_error_message="This page is already a source of this certification.",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_official(self):
        return self.kind != self.Kind.THIRD_PARTY


class ClaimQuerySet(models.QuerySet):
    def unchecked_since(self, before):
        return self.filter(Q(checked_on__isnull=True) | Q(checked_on__lt=before))


class Claim(models.Model):
    """What one source says, and when an editor last checked it there."""

    checked_on = models.DateField(
        "checked against the source on", null=True, blank=True, help_text="Leave empty until someone has checked."
    )
    checked_by = models.CharField(max_length=80, blank=True, help_text="Filled in from your account when you save.")
    quotation = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "A few words copied from the source that hold the figure and its label. "
            "For editors only; the source checker looks for them on the page."
        ),
    )
    needs_review = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set by the source checker when the quotation is no longer on the page.",
    )
    is_accepted = models.BooleanField(
        "settles a disagreement",
        default=False,
        help_text="Tick on the value that holds when sources disagree; the page then shows only that one.",
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def figure(self):
        return figure_of(self.value)

    def clean(self):
        certification_id = self.claim_certification_id()
        if self.source_id and certification_id and self.source.certification_id != certification_id:
            raise ValidationError({"source": "Pick a source of this certification."})


class Fact(Claim):
    class Kind(models.TextChoices):
        STATUS = "status", "Status and dates"
        PRICE = "price", "Price"
        DURATION = "duration", "Exam length"
        QUESTIONS = "questions", "Questions"
        PASS_MARK = "pass-mark", "Pass mark"
        LANGUAGES = "languages", "Languages"
        VALIDITY = "validity", "Valid for"
        RENEWAL = "renewal", "Renewal"
        EXPERIENCE = "experience", "Recommended experience"

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    value = models.CharField(max_length=200, help_text="As the source states it, e.g. “USD 165” or “100 minutes”.")
    # RESTRICT: a source still cited cannot be deleted, but deleting the certification takes both.
    source = models.ForeignKey(SourceLink, on_delete=models.RESTRICT, related_name="facts")

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "status",
                        "price",
                        "duration",
                        "questions",
                        "pass-mark",
                        "languages",
                        "validity",
                        "renewal",
                        "experience",
                    ]
                ),
                name="fact_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["certification", "kind", "source"],
                name="fact_one_per_kind_and_source",
                violation_error_message="This source already backs this fact; edit that row.",
            ),
            models.UniqueConstraint(
                fields=["certification", "kind"],
                condition=Q(is_accepted=True),
                name="fact_one_accepted_per_kind",
                violation_error_message="Only one value can settle a disagreement.",
            ),
        ]

    def __str__(self):
        return f"{self.certification.short_name} {self.get_kind_display()}: {self.value}"

    def claim_certification_id(self):
        return self.certification_id


class SkillDomain(models.Model):
    """One domain of an exam's skills outline, mapped by editors to the site's skill areas."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=150)
    order = models.PositiveSmallIntegerField(default=0)
    skill_areas = models.ManyToManyField(
        "roles.SkillArea",
        blank=True,
        related_name="exam_domains",
        help_text="The site's skill areas this domain tests; coverage of each role is computed from them.",
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["certification", "name"], name="skill_domain_unique_name"),
        ]

    def __str__(self):
        return self.name

    def weight_row(self):
        return WeightRow(list(self.weights.all()))


class WeightRow(ClaimRow):
    """A domain's weight as its sources give it."""

    @property
    def midpoint(self):
        """The weight coverage uses: the settled range's middle, else the mean of the sources' middles."""
        shown = self.shown
        if not shown:
            return None
        return sum((c.weight_min + c.weight_max) / 2 for c in shown) / len(shown)


class DomainWeight(Claim):
    """A domain's share of the exam as one source gives it (sources sometimes disagree)."""

    domain = models.ForeignKey(SkillDomain, on_delete=models.CASCADE, related_name="weights")
    weight_min = models.PositiveSmallIntegerField("weight from (%)", validators=[MaxValueValidator(100)])
    weight_max = models.PositiveSmallIntegerField(
        "weight to (%)", validators=[MaxValueValidator(100)], help_text="Same as “from” for a single figure."
    )
    source = models.ForeignKey(SourceLink, on_delete=models.RESTRICT, related_name="weights")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_min__gte=0, weight_max__lte=100, weight_min__lte=models.F("weight_max")),
                name="skill_domain_weight_range",
                violation_error_message="Weights run from 0 to 100%, with “from” no larger than “to”.",
            ),
            models.UniqueConstraint(
                fields=["domain", "source"],
                name="domain_weight_one_per_source",
                violation_error_message="This source already gives a weight for this domain.",
            ),
            models.UniqueConstraint(
                fields=["domain"],
                condition=Q(is_accepted=True),
                name="domain_weight_one_accepted",
                violation_error_message="Only one weight can settle a disagreement.",
            ),
        ]

    def __str__(self):
        return f"{self.domain}: {self.value}"

    def claim_certification_id(self):
        return self.domain.certification_id if self.domain_id else None

    @property
    def value(self):
        if self.weight_min == self.weight_max:
            return f"{self.weight_min}%"
        return f"{self.weight_min}–{self.weight_max}%"

    @property
    def weight_spread(self):
        return self.weight_max - self.weight_min


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
    from_sources = models.BooleanField(
        "named by the sources",
        default=False,
        help_text="Tick when the source pages themselves make this link; otherwise the page calls it our judgement.",
    )
    rationale = models.TextField(
        help_text="Markdown. One concrete sentence tied to the role's work; a primary pick must say why."
    )
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

    def clean(self):
        # In the certification's admin page the certification may not be saved yet: check it all the same.
        certification = getattr(self, "certification", None) if self.kind == self.Kind.PRIMARY else None
        if certification is None:
            return
        if certification.is_entry_level:
            raise ValidationError(
                {"kind": f"{certification.level_name} exams test no building: make it useful context."}
            )
        if not certification.can_be_first_pick():
            raise ValidationError(
                {"kind": f"This exam retires within {RETIRING_SOON_DAYS} days (or has): it cannot be a primary pick."}
            )
        if certification.status_on() in (Status.ANNOUNCED, Status.BETA):
            raise ValidationError({"kind": "An exam in beta, or not yet out, cannot be a primary pick."})
        if certification.pk and not certification.facts.filter(kind=Fact.Kind.PRICE).exists():
            raise ValidationError({"kind": "No source gives this exam's price: it cannot be a primary pick yet."})

    @property
    def is_primary(self):
        return self.kind == self.Kind.PRIMARY


# Coverage: how much of a role's skill profile an exam's domains test.


@dataclass
class Coverage:
    certification: Certification
    role: object
    percent: int | None
    covered: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    equal_weights: bool = False

    threshold = COVERED_SHARE

    @property
    def known(self):
        return self.percent is not None


def area_shares(certification):
    """Share of the exam (0-100) given to each skill area id, and whether weights were assumed equal.

    A domain's weight is split evenly between the areas it is mapped to. Without published weights
    every domain counts the same. None when the exam lists no domains.
    """
    domains = list(certification.domains.all())
    if not domains:
        return None, False
    middles = [domain.weight_row().midpoint for domain in domains]
    equal = any(middle is None for middle in middles)
    if equal:
        middles = [1] * len(domains)
    total = sum(middles)
    if not total:
        return None, False
    shares = defaultdict(float)
    for domain, middle in zip(domains, middles, strict=True):
        areas = list(domain.skill_areas.all())
        for area in areas:
            shares[area.pk] += 100 * middle / total / len(areas)
    return shares, equal


def coverage(certification, role):
    """Coverage = sum of the role's levels in covered areas / sum of all its levels (reads prefetched rows)."""
    shares, equal = area_shares(certification)
    levels = [level for level in role.skill_levels.all() if level.level > 0]
    total = sum(level.level for level in levels)
    if shares is None or not total:
        return Coverage(certification, role, None)
    covered = [level for level in levels if shares.get(level.skill_area_id, 0) >= COVERED_SHARE]
    missing = sorted((level for level in levels if level not in covered), key=lambda level: -level.level)
    return Coverage(
        certification,
        role,
        round(100 * sum(level.level for level in covered) / total),
        covered=[level.skill_area for level in covered],
        missing=[level.skill_area for level in missing],
        equal_weights=equal,
    )


# Helpers for the role, comparison and questionnaire pages (they live in the roles app, which only reads these).


def recommendable_fits(today=None, with_coverage=False):
    """Fits to published, unretired certifications, primary first; ``with_coverage`` adds what coverage needs."""
    today = today_or(today)
    fits = (
        RoleFit.objects.filter(certification__is_published=True)
        .filter(Q(certification__retires_on__isnull=True) | Q(certification__retires_on__gt=today))
        .select_related("certification", "certification__provider")
        .order_by(fit_kind_rank(), "order", "pk")
    )
    if with_coverage:
        domains = SkillDomain.objects.prefetch_related("weights", "skill_areas")
        fits = fits.prefetch_related(Prefetch("certification__domains", queryset=domains))
    return fits


def role_fits_prefetch(with_coverage=False):
    """Prefetch a role's fits to recommendable certifications, primary first (retired ones never show).

    Use in a Role queryset: ``Role.objects.published().prefetch_related(role_fits_prefetch())``;
    then ``role.certification_fits.all()`` costs no query. ``with_coverage=True`` also loads each
    exam's domains, weights and skill areas (three more queries) for ``coverage()``.
    """
    return Prefetch("certification_fits", queryset=recommendable_fits(with_coverage=with_coverage))


@dataclass
class FitWithCoverage:
    fit: RoleFit
    coverage: Coverage


def fits_with_coverage(role):
    """A role's recommendable fits, each with its coverage of the role (reads prefetched rows only)."""
    return [FitWithCoverage(fit, coverage(fit.certification, role)) for fit in role.certification_fits.all()]


class FirstCertification:
    """One cell of the comparison table's "First certification" row."""

    def __init__(self, role, fit):
        self.role = role
        self.fit = fit

    @property
    def certification(self):
        return self.fit.certification if self.fit else None

    @property
    def coverage(self):
        """Coverage of the role; reads prefetched rows (``first_certification_row`` loads them)."""
        return coverage(self.certification, self.role) if self.fit else None

    def __repr__(self):
        return f"<FirstCertification {self.role.slug}: {self.certification}>"


def first_pick(fits, today=None):
    """The primary fit if its exam may be taken first (published, not retiring within 90 days), else None."""
    return next((fit for fit in fits if fit.is_primary and fit.certification.can_be_first_pick(today)), None)


def first_certification_row(roles):
    """Each role's first pick (or None), in the order of ``roles``.

    Loads the recommendable fits, with what coverage needs, unless ``role_fits_prefetch()`` loaded
    them already. Cells show coverage from the roles' skill levels: pass ``Role.objects.with_skills()``.
    """
    roles = list(roles)
    prefetch_related_objects(roles, role_fits_prefetch(with_coverage=True))
    return [FirstCertification(role, first_pick(role.certification_fits.all())) for role in roles]
