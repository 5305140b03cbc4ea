import uuid
from datetime import timedelta

from django.core import signing
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from careerhub.core.models import MarkdownModel

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PREFERENCES_SALT = "newsletter.preferences"
CONFIRM_MAX_AGE = timedelta(days=7)
# A pending address gets at most one confirmation email in this window.
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)
PENDING_KEPT_FOR = timedelta(days=30)
# After an unsubscribe, sign-ups send no confirmation email for this long (the person just said stop).
UNSUBSCRIBE_QUIET_PERIOD = timedelta(hours=24)


class SubscriberQuerySet(models.QuerySet):
    def with_email(self, email):
        """Match a canonical address (addresses.canonical_email) through the unique index on lower(email)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())

    def with_emails(self, emails):
        return self.alias(email_lower=Lower("email")).filter(email_lower__in=[e.lower() for e in emails])

    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def sendable(self):
        """Confirmed and not suppressed: the addresses an issue goes to."""
        return self.filter(status=Subscriber.Status.CONFIRMED, suppressed_at__isnull=True)

    def stale_pending(self, now=None):
        """Pending addresses that never confirmed and signed up longer ago than PENDING_KEPT_FOR."""
        cutoff = (now or timezone.now()) - PENDING_KEPT_FOR
        stale = self.filter(status=Subscriber.Status.PENDING, confirmed_at__isnull=True, subscribed_at__lt=cutoff)
        # An address that confirmed a watch (and never the newsletter) is kept for its watches.
        return stale.exclude(watches__confirmed_at__isnull=False)

    def counts_by_status(self):
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: counts.get(status, 0) for status in Subscriber.Status.values}


class Subscriber(models.Model):
    """One address, with the consent record that double opt-in and the law ask for."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class SuppressedBecause(models.TextChoices):
        NOT_SUPPRESSED = "", "Not suppressed"
        HARD_BOUNCE = "hard_bounce", "The address bounced (it does not exist or refuses mail)"
        COMPLAINT = "complaint", "The subscriber marked an email as spam"
        SOFT_BOUNCES = "soft_bounces", "Three temporary bounces within 30 days"

    # Always the canonical form (addresses.canonical_email): one inbox, one row.
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    # Signed into confirmation and unsubscribe links so that no address appears in a URL.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscribed_at = models.DateTimeField("signed up", default=timezone.now, help_text="The latest sign-up request.")
    consent_source = models.CharField(
        "signed up through", max_length=200, blank=True, help_text="Which form, on which page."
    )
    consent_text = models.TextField("text shown at sign-up", blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest confirmation email was requested."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    lanes = models.ManyToManyField(
        "roles.Role",
        blank=True,
        related_name="+",
        help_text="The roles whose sections this subscriber wants. None chosen means all.",
    )
    suppressed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="From then on, nothing is sent to this address."
    )
    suppressed_because = models.CharField(
        max_length=12, choices=SuppressedBecause.choices, blank=True, default="", editable=False
    )
    welcomed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the welcome email went out."
    )
    earlier_records = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Consent records of rows for the same inbox that were merged into this one.",
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-subscribed_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_unique_ci"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "confirmed", "unsubscribed"]), name="subscriber_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(suppressed_because__in=["", "hard_bounce", "complaint", "soft_bounces"]),
                name="subscriber_suppressed_because_valid",
            ),
            # A reason exactly when suppressed.
            models.CheckConstraint(
                condition=Q(suppressed_at__isnull=True, suppressed_because="")
                | Q(suppressed_at__isnull=False) & ~Q(suppressed_because=""),
                name="subscriber_suppression_has_reason",
            ),
        ]
        permissions = [("export_subscriber", "Can export subscriber addresses as CSV")]

    def __str__(self):
        return self.email

    @property
    def confirmation_stamp(self):
        """Identifies the latest confirmation email: a link from an older one stops working."""
        sent = self.confirmation_sent_at
        return round(sent.timestamp() * 1_000_000) if sent else 0

    @property
    def confirm_token(self):
        return signing.dumps([self.key.hex, self.confirmation_stamp], salt=CONFIRM_SALT)

    @property
    def unsubscribe_token(self):
        # Unsigned-by-time on purpose: an unsubscribe link in an old email must keep working.
        return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(self.key.hex)

    @property
    def preferences_token(self):
        # Like the unsubscribe link, it never expires: it sits at the foot of every email.
        return signing.Signer(salt=PREFERENCES_SALT).sign(self.key.hex)

    def preferences_path(self):
        return reverse("newsletter:preferences", args=[self.preferences_token])

    @classmethod
    def key_from_preferences_token(cls, token):
        return signing.Signer(salt=PREFERENCES_SALT).unsign(token)

    def confirm_path(self):
        return reverse("newsletter:confirm", args=[self.confirm_token])

    def unsubscribe_path(self):
        return reverse("newsletter:unsubscribe", args=[self.unsubscribe_token])

    @classmethod
    def key_from_confirm_token(cls, token):
        """(key, stamp) in a confirmation token; raises signing.SignatureExpired or BadSignature."""
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        if not (isinstance(payload, list) and len(payload) == 2):
            raise signing.BadSignature("Confirmation token of an older format")
        return payload[0], payload[1]

    @classmethod
    def key_from_unsubscribe_token(cls, token):
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)


class IssueQuerySet(models.QuerySet):
    def archived(self):
        """Issues visitors may read: sent and published in the archive."""
        return self.filter(status=Issue.Status.SENT, is_published=True).order_by("-number")

    def for_page(self):
        """An archived issue with the roles its parts are marked for (one query more, whatever their number)."""
        return self.archived().prefetch_related(
            Prefetch("section_lanes", queryset=SectionLane.objects.select_related("role"))
        )

    def with_delivery_counts(self):
        status = Delivery.Status
        return self.annotate(
            **{
                f"{name}_count": Count("deliveries", filter=Q(deliveries__status=value))
                for name, value in [
                    ("sent", status.SENT),
                    ("failed", status.FAILED),
                    ("pending", status.PENDING),
                    ("sending", status.SENDING),
                    ("skipped", status.SKIPPED),
                ]
            }
        )


class Issue(MarkdownModel):
    """One weekly email: one concept, one architecture, one project idea, one interview question."""

    markdown_fields = ("concept", "architecture", "project_idea", "interview_question")
    SECTIONS = (
        ("concept", "One concept"),
        ("architecture", "One architecture"),
        ("project_idea", "One project idea"),
        ("interview_question", "One interview question"),
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=120)
    preheader = models.CharField(
        max_length=150, help_text="The line inboxes show after the subject. One sentence that makes people open it."
    )
    concept = models.TextField("one concept", help_text="Markdown.")
    architecture = models.TextField("one architecture", help_text="Markdown.")
    project_idea = models.TextField("one project idea", help_text="Markdown.")
    interview_question = models.TextField("one interview question", help_text="Markdown.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    scheduled_for = models.DateTimeField(
        null=True, blank=True, help_text='When the "Schedule" action should start sending. Times are UTC.'
    )
    is_published = models.BooleanField(
        "published in the archive", default=True, help_text="Show this issue on the website once it has been sent."
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False, help_text="When sending finished.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "scheduled", "sending", "sent"]), name="issue_status_valid"
            ),
        ]
        permissions = [("send_issue", "Can send an issue to subscribers")]

    def __str__(self):
        return f"#{self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("newsletter:issue", args=[self.number])

    @property
    def is_archived(self):
        return self.status == self.Status.SENT and self.is_published

    def neighbours(self):
        """(previous, next) issue in the archive, either None at its ends: two small queries."""
        archive = Issue.objects.archived().only("number", "title")
        return (
            archive.filter(number__lt=self.number).first(),
            archive.filter(number__gt=self.number).order_by("number").first(),
        )

    def roles(self):
        """The published roles its parts are marked for, in the site's order (reads the prefetched marks)."""
        roles = {mark.role.pk: mark.role for mark in self.section_lanes.all() if mark.role.is_published}
        return sorted(roles.values(), key=lambda role: (role.display_order, role.name))

    def sections(self, lanes=None):
        """(heading, markdown, html) for each part a reader of `lanes` (role ids) gets, in order.

        A part marked for lanes goes to readers of one of them; an unmarked part, to everyone.
        No lanes (None or empty) means every part.
        """
        html = self.html
        return [
            (heading, getattr(self, name), html[name])
            for name, heading in self.SECTIONS
            if name in self.section_names_for(lanes)
        ]

    def section_names_for(self, lanes=None):
        names = [name for name, _ in self.SECTIONS]
        if not lanes:
            return frozenset(names)  # every part, and no query for the marks
        marked = self.lanes_by_section()
        return frozenset(name for name in names if not marked.get(name) or marked[name] & set(lanes))

    def lanes_by_section(self):
        """{section name: set of role ids}, read once per issue object (prefetch-friendly)."""
        if not hasattr(self, "_lanes_by_section"):
            marked = {}
            if self.pk:
                for mark in self.section_lanes.all():
                    marked.setdefault(mark.section, set()).add(mark.role_id)
            self._lanes_by_section = marked
        return self._lanes_by_section


class SectionLane(models.Model):
    """Marks one part of an issue as written for one lane (a role); unmarked parts are for everyone."""

    SECTION_CHOICES = Issue.SECTIONS

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="section_lanes")
    section = models.CharField(max_length=20, choices=SECTION_CHOICES)
    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "section", "role"], name="section_lane_once"),
            models.CheckConstraint(
                condition=Q(section__in=[name for name, _ in Issue.SECTIONS]), name="section_lane_section_valid"
            ),
        ]

    def __str__(self):
        return f"{self.issue}: {self.get_section_display()} for {self.role_id}"


class WelcomeEmailQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_active=True).first()


class WelcomeEmail(models.Model):
    """What a subscriber gets once, right after confirming. Written by editors; one is in use."""

    subject = models.CharField(max_length=150)
    preheader = models.CharField(max_length=150, blank=True, help_text="The line inboxes show after the subject.")
    body = models.TextField(help_text="Markdown. Links to the latest issue and to the preferences page follow it.")
    is_active = models.BooleanField(
        "in use", default=True, help_text="The one sent to new subscribers. Turning this on turns the others off."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = WelcomeEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_welcome_email_in_use")
        ]

    def __str__(self):
        return self.subject

    def validate_constraints(self, exclude=None):
        # Forms may mark a new one "in use": save_welcome_email turns the old one off in the same
        # transaction. The partial unique index still guards the database.
        super().validate_constraints(exclude={*(exclude or ()), "is_active"})


class DeliveryQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING])


class Delivery(models.Model):
    """One issue to one subscriber. The unique pair is what makes sending at most once per person."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        # Committed when a worker claims the row's batch, before its message goes to the mail
        # server: if the worker dies now, nobody can tell whether it arrived, so it is never
        # tried again (at most once).
        SENDING = "sending", "Handing to the mail server"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # The subscriber left, or the address was suppressed, before their turn came.
        SKIPPED = "skipped", "Skipped (unsubscribed or suppressed)"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="Retry not before this time.")
    claimed_by = models.CharField(max_length=32, blank=True, help_text="The worker run that owns this row now.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["issue", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="delivery_once_per_subscriber"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "skipped"]),
                name="delivery_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["issue", "status"], name="delivery_issue_status")]

    def __str__(self):
        return f"{self.issue} to {self.subscriber}"


class MailEvent(models.Model):
    """A bounce or complaint the email service reported for a subscriber's address.

    Only these: no opens, no clicks. Kept to count soft bounces and to show why an address was
    suppressed; the service's event id makes a replayed webhook a no-op.
    """

    class Kind(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        SOFT_BOUNCE = "soft_bounce", "Soft bounce"
        COMPLAINT = "complaint", "Spam complaint"

    event_id = models.CharField(max_length=200, unique=True)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="mail_events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    message_id = models.CharField(max_length=250, blank=True)
    occurred_at = models.DateTimeField()
    description = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["hard_bounce", "soft_bounce", "complaint"]), name="mail_event_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["subscriber", "kind", "occurred_at"], name="mail_event_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.subscriber} at {self.occurred_at:%Y-%m-%d %H:%M}"


class IssueLink(models.Model):
    """A link in a sent issue. The click redirect goes only to these: it is never an open redirect."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="links")
    position = models.PositiveSmallIntegerField(help_text="Order of first appearance in the issue, from 1.")
    url = models.URLField(max_length=2000)

    class Meta:
        ordering = ["issue", "position"]
        constraints = [models.UniqueConstraint(fields=["issue", "position"], name="issue_link_position_once")]

    def __str__(self):
        return f"{self.issue} link {self.position}: {self.url}"

    def get_absolute_url(self):
        return reverse("newsletter:click", args=[self.issue.number, self.position])


class LinkClicks(models.Model):
    """How many times one link of an issue was followed on one day. A count, never who clicked."""

    link = models.ForeignKey(IssueLink, on_delete=models.CASCADE, related_name="daily_clicks")
    day = models.DateField()
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "link clicks"
        ordering = ["link", "day"]
        constraints = [models.UniqueConstraint(fields=["link", "day"], name="link_clicks_once_per_day")]

    def __str__(self):
        return f"{self.link}: {self.clicks} on {self.day}"


WATCH_CONFIRM_SALT = "newsletter.watch-confirm"
COURSE_SALT = "newsletter.course"


class WatchQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def alertable(self):
        """Confirmed watches of addresses that still take mail (not unsubscribed, not suppressed)."""
        return (
            self.confirmed()
            .filter(subscriber__suppressed_at__isnull=True)
            .exclude(subscriber__status=Subscriber.Status.UNSUBSCRIBED)
        )


class Watch(models.Model):
    """A subscriber asked to hear when one certification's facts change (double opt-in of its own)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="watches")
    certification = models.ForeignKey("certifications.Certification", on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = WatchQuerySet.as_manager()

    class Meta:
        ordering = ["certification__name"]
        constraints = [models.UniqueConstraint(fields=["subscriber", "certification"], name="watch_once")]

    def __str__(self):
        return f"{self.subscriber} watches {self.certification_id}"

    @property
    def confirm_token(self):
        return signing.dumps(self.key.hex, salt=WATCH_CONFIRM_SALT)

    def confirm_path(self):
        return reverse("newsletter:watch_confirm", args=[self.confirm_token])

    @classmethod
    def key_from_confirm_token(cls, token):
        return signing.loads(token, salt=WATCH_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


class WatchAlert(models.Model):
    """One email about one certification's changes, on one day: the day is what keeps it to one a day."""

    certification = models.ForeignKey("certifications.Certification", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["certification", "day"], name="watch_alert_once_a_day")]

    def __str__(self):
        return f"Changes to {self.certification_id} on {self.day}"


class CertificationChange(models.Model):
    """A watched fact an editor changed: old → new, with its source. Waits for the next alert."""

    certification = models.ForeignKey("certifications.Certification", on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=200)
    old = models.CharField(max_length=200, blank=True)
    new = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    alert = models.ForeignKey(WatchAlert, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes")

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.what}: {self.old or '—'} → {self.new or '—'}"


class PersonalEmail(models.Model):
    """Sending state shared by one-off personal emails: claimed (committed) before it goes out, so at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Handing to the mail server"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (unsubscribed or suppressed)"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class WatchDelivery(PersonalEmail):
    alert = models.ForeignKey(WatchAlert, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="watch_deliveries")

    class Meta:
        verbose_name_plural = "watch deliveries"
        ordering = ["alert", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "subscriber"], name="watch_delivery_once"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "skipped"]),
                name="watch_delivery_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.alert} to {self.subscriber}"


class Course(models.Model):
    """Four weekly emails for one lane, written by editors."""

    role = models.OneToOneField("roles.Role", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=120)
    intro = models.CharField(max_length=300, help_text="One or two sentences on the preferences page.")
    is_active = models.BooleanField("open to subscribers", default=True)

    class Meta:
        ordering = ["role__display_order"]

    def __str__(self):
        return self.title


class Lesson(MarkdownModel):
    """One week of a course: one concept, one architecture, one project step, one interview question."""

    WEEKS = 4
    markdown_fields = ("concept", "architecture", "project_step", "interview_question")
    SECTIONS = (
        ("concept", "One concept"),
        ("architecture", "One architecture"),
        ("project_step", "This week's project step"),
        ("interview_question", "One interview question"),
    )

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    week = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    concept = models.TextField("one concept", help_text="Markdown.")
    architecture = models.TextField("one architecture", help_text="Markdown.")
    project_step = models.TextField("project step", help_text="Markdown.")
    interview_question = models.TextField("one interview question", help_text="Markdown.")

    class Meta:
        ordering = ["course", "week"]
        constraints = [
            models.UniqueConstraint(fields=["course", "week"], name="lesson_once_per_week"),
            models.CheckConstraint(condition=Q(week__gte=1, week__lte=4), name="lesson_week_1_to_4"),
        ]

    def __str__(self):
        return f"{self.course}, week {self.week}: {self.title}"

    def sections(self):
        html = self.html
        return [(heading, getattr(self, name), html[name]) for name, heading in self.SECTIONS]


class Enrolment(models.Model):
    """A subscriber taking a course: which week comes next and when. Kept when they pause or leave."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Taking it"
        PAUSED = "paused", "Paused"
        LEFT = "left", "Left"
        FINISHED = "finished", "Finished"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    next_week = models.PositiveSmallIntegerField(default=1)
    next_due_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "course"], name="enrolment_once"),
            models.CheckConstraint(
                condition=Q(status__in=["active", "paused", "left", "finished"]), name="enrolment_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_due_at"], name="enrolment_due")]

    def __str__(self):
        return f"{self.subscriber} in {self.course}"

    @property
    def token(self):
        # Never expires: it sits at the foot of every course email.
        return signing.Signer(salt=COURSE_SALT).sign(self.key.hex)

    def manage_path(self):
        return reverse("newsletter:course", args=[self.token])

    @classmethod
    def key_from_token(cls, token):
        return signing.Signer(salt=COURSE_SALT).unsign(token)


class LessonDelivery(PersonalEmail):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="deliveries")
    week = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name_plural = "lesson deliveries"
        ordering = ["enrolment", "week"]
        constraints = [
            # One row per week per enrolment, created when it is claimed: a week never goes out twice.
            models.UniqueConstraint(fields=["enrolment", "week"], name="lesson_delivery_once"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "skipped"]),
                name="lesson_delivery_status_valid",
            ),
        ]

    def __str__(self):
        return f"Week {self.week} to {self.enrolment}"
