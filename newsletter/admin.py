from collections import Counter

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from careerhub.core.admin import ReadOnlyAdminMixin
from careerhub.editorial.admin import EditorialAdmin
from roles.models import Role

from . import emails, tasks
from .forms import ImportSubscribersForm, IssueAdminForm
from .models import Course, Delivery, Enrolment, Issue, Lesson, MailEvent, Subscriber, WelcomeEmail
from .services import clicks, courses, sending, subscriber_csv, subscriptions
from .services.errors import SEND_ERRORS, describe_error

# The HTML part on its own page, held to what a mail client allows: its own inline styles and nothing
# else (no script, no form, no request); "sandbox" also keeps it out of the admin's origin.
EMAIL_HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; sandbox"
SENDING_FIELDS = ["is_published", "scheduled_for", "status", "sent_at", "delivery_summary", "click_summary"]


class EmailPreviewMixin:
    """An email's preview page, its HTML part on a page of its own, and a test sent to the editor's address.

    Each admin says which email: `preview_template`, `preview_email(request, obj)` (rendered without
    a subscriber), `preview_context(request, obj)` for its template and `send_test_email(obj, to)`.
    """

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.email_preview_view), name=f"{info}_preview"),
            path("<int:pk>/preview/html/", view(self.email_html_view), name=f"{info}_preview_html"),
            path("<int:pk>/send-test/", view(require_POST(self.send_test_view)), name=f"{info}_send_test"),
            *super().get_urls(),
        ]

    def _email_url(self, view, obj):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}", args=[obj.pk])

    def _email_object(self, request, pk, allowed):
        obj = self.get_object(request, str(pk))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with that ID.")
        if not allowed(request, obj):
            raise PermissionDenied
        return obj

    def email_preview_view(self, request, pk):
        obj = self._email_object(request, pk, self.has_view_or_change_permission)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Preview of {obj}",
            "opts": self.opts,
            "email": self.preview_email(request, obj),
            "from_email": settings.NEWSLETTER_FROM_EMAIL,
            "can_send_test": self.has_change_permission(request, obj),
            "send_test_url": self._email_url("send_test", obj),
            # The same variant of the email (an issue's ?lane=) as this page shows.
            "html_url": self._email_url("preview_html", obj) + (f"?{request.GET.urlencode()}" if request.GET else ""),
            **self.preview_context(request, obj),
        }
        return TemplateResponse(request, self.preview_template, context)

    def email_html_view(self, request, pk):
        obj = self._email_object(request, pk, self.has_view_or_change_permission)
        response = HttpResponse(self.preview_email(request, obj).html)
        response["Content-Security-Policy"] = EMAIL_HTML_POLICY
        return response

    def send_test_view(self, request, pk):
        obj = self._email_object(request, pk, self.has_change_permission)
        if not request.user.email:
            self.message_user(request, "Your account has no email address. Add one to your user first.", messages.ERROR)
            return redirect(self._email_url("preview", obj))
        try:
            self.send_test_email(obj, request.user.email)
        except SEND_ERRORS as error:
            self.message_user(request, f"The test could not be sent: {describe_error(error)}", messages.ERROR)
        else:
            self.message_user(request, f"Test sent to {request.user.email} (and nobody else).", messages.SUCCESS)
        return redirect(self._email_url("preview", obj))


@admin.register(Issue)
class IssueAdmin(EmailPreviewMixin, EditorialAdmin):
    # EditorialAdmin names its own template, which would skip this one (the email preview link).
    change_form_template = "admin/newsletter/issue/change_form.html"
    form = IssueAdminForm
    preview_page = "newsletter.views.issue_page"
    list_display = [
        "number",
        "title",
        "status",
        "is_published",
        "scheduled_for",
        "sent_at",
        "sent_count",
        "failed_count",
        "waiting_count",
    ]
    list_display_links = ["number", "title"]
    list_filter = ["status", "is_published"]
    search_fields = ["title", "preheader"]
    readonly_fields = ["status", "sent_at", "delivery_summary", "click_summary"]
    fieldsets = [
        (None, {"fields": ["number", "title", "preheader"]}),
        (
            "The four parts",
            {
                "fields": ["concept", "architecture", "project_idea", "interview_question"],
                "description": "Markdown. Links to this site may be relative (/roles/ai-engineer/); "
                "emails turn them into full addresses.",
            },
        ),
        (
            "Lanes",
            {
                "fields": IssueAdminForm.lane_fields,
                "description": "Mark a part for the roles it is written for: subscribers who chose lanes get the "
                "parts of their lanes plus the unmarked ones. Leave a part unmarked to send it to everyone. "
                "The preview shows the issue as each lane sees it.",
            },
        ),
        (
            "Sending and archive",
            {"fields": [*SENDING_FIELDS]},
        ),
    ]
    actions = ["send_to_subscribers", "schedule", "unschedule"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_delivery_counts()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_lanes()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "scheduled_for" in form.changed_data:
            tasks.reschedule(issue=obj, previous=form.initial.get("scheduled_for"))

    def view_on_site(self, issue):
        # Only a sent, published issue has a public page; the form's "Preview" shows any other.
        return issue.get_absolute_url() if issue.is_archived else None

    def get_changeform_initial_data(self, request):
        latest = Issue.objects.aggregate(n=Max("number"))["n"] or 0
        return {"number": latest + 1, **super().get_changeform_initial_data(request)}

    def has_delete_permission(self, request, obj=None):
        # An issue that went out is the record of what people received.
        if obj is not None and obj.status in (Issue.Status.SENDING, Issue.Status.SENT):
            return False
        return super().has_delete_permission(request, obj)

    def has_send_permission(self, request):
        return request.user.has_perm("newsletter.send_issue")

    @admin.display(description="sent", ordering="sent_count")
    def sent_count(self, issue):
        return issue.sent_count

    @admin.display(description="failed", ordering="failed_count")
    def failed_count(self, issue):
        return issue.failed_count

    @admin.display(description="pending")
    def waiting_count(self, issue):
        return issue.pending_count + issue.sending_count

    @admin.display(description="deliveries")
    def delivery_summary(self, issue):
        if issue.pk is None:
            return "Nothing sent yet."
        issue = Issue.objects.with_delivery_counts().get(pk=issue.pk)
        summary = format_html(
            "{} sent · {} failed · {} pending · {} skipped (unsubscribed before their turn)",
            issue.sent_count,
            issue.failed_count,
            issue.pending_count + issue.sending_count,
            issue.skipped_count,
        )
        errors = Counter(
            dict(
                issue.deliveries.filter(status=Delivery.Status.FAILED)
                .values_list("last_error")
                .annotate(n=Count("pk"))
                .order_by("-n")[:5]
            )
        )
        if not errors:
            return summary
        rows = format_html_join("", "<li>{}× {}</li>", ((n, error) for error, n in errors.most_common()))
        return format_html("{}<p>Most common failures:</p><ul>{}</ul>", summary, rows)

    @admin.display(description="clicks")
    def click_summary(self, issue):
        counts = clicks.click_counts(issue) if issue.pk else []
        if not counts:
            return "Not counted (NEWSLETTER_COUNT_CLICKS is off, or the issue has not been sent with it on)."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (link.url, total, ", ".join(f"{day:%d %b}: {n}" for day, n in days) or "—")
                for link, total, days in counts
            ),
        )
        return format_html(
            '<table class="nl-clicks"><thead><tr><th>Link</th><th>Clicks</th><th>By day</th></tr></thead>'
            "<tbody>{}</tbody></table><p>Counts per link and day only: nobody's clicks are recorded.</p>",
            rows,
        )

    # Sending ---------------------------------------------------------------------------------

    @admin.action(description="Send to all confirmed subscribers…", permissions=["send"])
    def send_to_subscribers(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Pick exactly one issue to send.", messages.ERROR)
            return None
        issue = queryset.get()
        if issue.status == Issue.Status.SENT:
            self.message_user(request, f"{issue} has already been sent; nobody gets it twice.", messages.WARNING)
            return None
        if request.POST.get("confirm") == "yes":
            total = tasks.start_sending(issue=issue)
            self.message_user(
                request,
                f"Sending {issue} to {total:,} subscribers in the background. "
                "The counts below fill in as it goes; reload to follow.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Send {issue}?",
            "issue": issue,
            "recipients": Subscriber.objects.sendable().count(),
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "resuming": issue.status == Issue.Status.SENDING,
        }
        return TemplateResponse(request, "admin/newsletter/issue/send_confirmation.html", context)

    @admin.action(description="Schedule sending at the time set on the issue", permissions=["send"])
    def schedule(self, request, queryset):
        for issue in queryset:
            try:
                tasks.schedule(issue=issue)
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                when = timezone.localtime(issue.scheduled_for).strftime("%Y-%m-%d %H:%M %Z")
                self.message_user(request, f"{issue} will be sent at {when}.", messages.SUCCESS)

    @admin.action(description="Cancel scheduled sending", permissions=["send"])
    def unschedule(self, request, queryset):
        count = sum(sending.unschedule(issue=issue) for issue in queryset)
        self.message_user(request, f"{count} issue(s) back to draft.", messages.SUCCESS)

    # Preview and test send -------------------------------------------------------------------

    preview_template = "admin/newsletter/issue/preview.html"

    def _lane(self, request):
        # As a reader of one lane sees it (?lane=<role id>), or everything.
        lane_id = request.GET.get("lane", "")
        return Role.objects.filter(pk=int(lane_id)).first() if lane_id.isdigit() else None

    def preview_email(self, request, issue):
        lane = self._lane(request)
        return emails.without_subscriber(emails.render_issue(issue, [lane.pk] if lane else None))

    def preview_context(self, request, issue):
        return {
            "issue": issue,
            "lane": self._lane(request),
            "lanes": Role.objects.order_by("display_order", "name").only("pk", "name"),
            "reply_to": settings.NEWSLETTER_REPLY_TO,
            "list_id": emails.list_id(),
        }

    def send_test_email(self, issue, to):
        sending.send_test(issue=issue, to=to)


class MailEventInline(admin.TabularInline):
    """Bounces and complaints the email service reported: why an address was suppressed."""

    model = MailEvent
    fields = ["occurred_at", "kind", "description", "message_id"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Personal data: only people given the subscriber permissions see this (not Editors by default)."""

    list_display = [
        "email",
        "status",
        "suppressed",
        "subscribed_at",
        "confirmed_at",
        "unsubscribed_at",
        "consent_source",
    ]
    list_filter = ["status", "suppressed_because"]
    inlines = [MailEventInline]
    search_fields = ["email"]
    date_hierarchy = "subscribed_at"
    actions = ["export_csv", "unsubscribe_selected"]
    consent_fields = [
        "subscribed_at",
        "consent_source",
        "consent_version",
        "consent_text",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "earlier_records",
    ]
    fieldsets = [
        (None, {"fields": ["email", "status", "suppressed_at", "suppressed_because"]}),
        ("Consent record", {"fields": consent_fields}),
    ]
    # A record of what happened: nothing here is edited by hand (actions change the status).
    readonly_fields = ["email", "status", "suppressed_at", "suppressed_because", *consent_fields]

    @admin.display(description="suppressed", ordering="suppressed_at")
    def suppressed(self, subscriber):
        return subscriber.get_suppressed_because_display() if subscriber.suppressed_at else "—"

    def has_add_permission(self, request):
        # Addresses arrive by double opt-in or the CSV import (as pending), never typed in as confirmed.
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("newsletter.export_subscriber")

    def has_import_permission(self, request):
        return request.user.has_perm("newsletter.add_subscriber")

    def changelist_view(self, request, extra_context=None):
        counts = Subscriber.objects.counts_by_status()
        extra_context = {
            "status_counts": [(label, counts[value], value) for value, label in Subscriber.Status.choices],
            "can_import": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description="Export selected as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="subscribers-{timezone.now():%Y%m%d-%H%M}.csv"'
        subscriber_csv.export_subscribers_csv(out=response, queryset=queryset)
        return response

    @admin.action(description="Unsubscribe selected", permissions=["change"])
    def unsubscribe_selected(self, request, queryset):
        for subscriber in queryset:
            subscriptions.unsubscribe(subscriber=subscriber)
        self.message_user(request, f"{len(queryset)} address(es) unsubscribed.", messages.SUCCESS)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="newsletter_subscriber_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._import_page(request, ImportSubscribersForm())
        form = ImportSubscribersForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = subscriber_csv.import_subscribers_csv(
                    file=upload,
                    source=f"CSV import of {upload.name[:80]} by {request.user.get_username()}",
                    send_confirmation=form.cleaned_data["send_confirmation"],
                )
            except ValueError as error:
                form.add_error("file", str(error))
            else:
                tasks.queue_confirmations(report.to_confirm)
                text = (
                    f"Import finished: {report.read} rows read: {report.created} created (pending), "
                    f"{report.existing} already on the list (including unsubscribed addresses, left as they are), "
                    f"{report.repeated} repeated in the file, {report.invalid} invalid."
                )
                if report.invalid_examples:
                    text += " Invalid examples: " + ", ".join(report.invalid_examples)
                self.message_user(request, text, messages.WARNING if report.invalid else messages.SUCCESS)
                return redirect("admin:newsletter_subscriber_changelist")
        return self._import_page(request, form, status=400)

    def _import_page(self, request, form, status=200):
        context = {
            **self.admin_site.each_context(request),
            "title": "Import subscribers from CSV",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/newsletter/subscriber/import.html", context, status=status)


@admin.register(WelcomeEmail)
class WelcomeEmailAdmin(admin.ModelAdmin):
    """The email a subscriber gets once, right after confirming. Editors write it like an issue."""

    list_display = ["subject", "is_active", "updated_at"]
    fields = ["subject", "preheader", "body", "is_active"]

    def save_model(self, request, obj, form, change):
        subscriptions.save_welcome_email(welcome=obj)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every row names a person, so seeing deliveries also needs the subscriber view permission."""

    list_display = ["issue", "subscriber", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "issue"]
    search_fields = ["subscriber__email"]
    list_select_related = ["issue", "subscriber"]
    actions = None

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and request.user.has_perm("newsletter.view_subscriber")

    def has_module_permission(self, request):
        return self.has_view_permission(request)


# Courses: four lessons per lane, each previewed and tested like an issue -----------------------


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    max_num = Lesson.WEEKS
    fields = ["week", "title", "concept", "architecture", "project_step", "interview_question", "preview_link"]
    readonly_fields = ["preview_link"]

    @admin.display(description="Preview and test")
    def preview_link(self, lesson):
        if not lesson.pk:
            return "Save first."
        return format_html(
            '<a href="{}">Preview the email and send a test</a>',
            reverse("admin:newsletter_lesson_preview", args=[lesson.pk]),
        )


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "role", "is_active", "lesson_count", "taking_count"]
    inlines = [LessonInline]

    def get_queryset(self, request):
        active = Enrolment.Status.ACTIVE
        return (
            super()
            .get_queryset(request)
            .select_related("role")
            .annotate(
                lessons_n=Count("lessons", distinct=True),
                taking_n=Count("enrolments", filter=Q(enrolments__status=active), distinct=True),
            )
        )

    @admin.display(description="lessons", ordering="lessons_n")
    def lesson_count(self, course):
        return f"{course.lessons_n} of {Lesson.WEEKS}"

    @admin.display(description="taking it now", ordering="taking_n")
    def taking_count(self, course):
        return course.taking_n


@admin.register(Lesson)
class LessonAdmin(EmailPreviewMixin, admin.ModelAdmin):
    """Reached from a course's page; here for the preview and the test send."""

    list_display = ["course", "week", "title"]
    list_filter = ["course"]
    preview_template = "admin/newsletter/lesson/preview.html"

    def get_model_perms(self, request):
        return {}  # edited inside its course; not a separate entry in the admin index

    def preview_email(self, request, lesson):
        page = emails.absolute_url(reverse("newsletter:index"))
        return emails.without_subscriber(courses.render_lesson(lesson, course_url=page))

    def preview_context(self, request, lesson):
        return {"lesson": lesson, "opts": Course._meta}  # the breadcrumbs lead to the course

    def send_test_email(self, lesson, to):
        courses.send_test(lesson=lesson, to=to)
