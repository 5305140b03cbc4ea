import datetime

from django import forms
from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from careerhub.core.admin import URL_FIELDS
from careerhub.editorial.admin import EditorialAdmin

from . import services
from .models import (
    FACTS_FRESH_DAYS,
    Certification,
    DomainWeight,
    Fact,
    Provider,
    RoleFit,
    SkillDomain,
    SourceLink,
    fit_kind_rank,
)


def editor_name(user):
    return user.get_full_name() or user.get_username()


class SourceFilteredFormSet(BaseInlineFormSet):
    """Offers only this certification's own sources in the inline's source menu."""

    def certification_id(self):
        return self.instance.pk

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sources = SourceLink.objects.filter(certification_id=self.certification_id())
        for form in [*self.forms, self.empty_form]:
            form.fields["source"].queryset = sources


class SourceLinkInline(admin.TabularInline):
    model = SourceLink
    formfield_overrides = URL_FIELDS
    extra = 0
    classes = ["collapse"]
    fields = ["kind", "label", "url", "source_date", "order", "check_result", "checked_at", "needs_review"]
    readonly_fields = ["check_result", "checked_at"]


class FactInline(admin.TabularInline):
    model = Fact
    formset = SourceFilteredFormSet
    extra = 0
    classes = ["collapse"]
    fields = ["kind", "value", "source", "quotation", "checked_on", "checked_by", "is_accepted"]
    readonly_fields = ["checked_by"]


class SkillDomainInline(admin.TabularInline):
    model = SkillDomain
    extra = 0
    classes = ["collapse"]
    fields = ["order", "name", "skill_areas"]
    show_change_link = True


class RoleFitInline(admin.StackedInline):
    model = RoleFit
    extra = 0
    classes = ["collapse"]
    fields = [("role", "kind", "order", "from_sources"), "rationale"]
    autocomplete_fields = ["role"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "rationale":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 4, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ReviewQueueFilter(admin.SimpleListFilter):
    """The editors' review queue until the Editors dashboard exists."""

    title = "review queue"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("sources", "A source or a quotation changed or failed"),
            ("facts", f"Facts unchecked for {FACTS_FRESH_DAYS} days or never"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "sources":
            return queryset.filter(pk__in=services.review_queue())
        if self.value() == "facts":
            before = timezone.localdate() - datetime.timedelta(days=FACTS_FRESH_DAYS)
            unchecked = Fact.objects.filter(certification=OuterRef("pk")).unchecked_since(before)
            return queryset.filter(Exists(unchecked))
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status (from the dates)"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Certification.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Certification.Status.values:
            return queryset.with_status().filter(status_now=self.value())
        return queryset


class ClaimAuthorMixin:
    """Records who checked a claim: the editor who saved a changed "checked on" date."""

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if hasattr(instance, "checked_by") and "checked_on" in inline_form.changed_data:
                instance.checked_by = editor_name(request.user) if instance.checked_on else ""
        super().save_formset(request, form, formset, change)


@admin.register(Certification)
class CertificationAdmin(ClaimAuthorMixin, EditorialAdmin):
    preview_page = "certifications.views.certification_page"
    drafts = True
    revert_leaves = (
        "a revert brings back the certification's fields, sources, facts, skill domains and role fits; "
        "a domain's weights have their own history (on the skill domain's page)."
    )
    list_display = ["__str__", "provider", "level", "status_now", "is_published", "sources_to_review", "review_link"]
    list_filter = [ReviewQueueFilter, StatusFilter, "provider", "level", "is_published"]
    list_select_related = ["provider"]
    search_fields = ["name", "exam_code", "exam_title", "summary"]
    prepopulated_fields = {"slug": ["exam_code", "name"]}
    autocomplete_fields = ["successor"]
    ordering = ["provider__name", "name"]
    readonly_fields = ["review_link"]
    fieldsets = [
        ("Facts", {"fields": ["review_link"]}),
        (None, {"fields": ["provider", "name", "exam_code", "exam_title", "slug", "level", "summary", "description"]}),
        (
            "Dates (the status follows from them)",
            {"fields": [("beta_from", "available_target", "available_from", "retires_on"), "successor"]},
        ),
        ("Publishing", {"fields": ["is_published", ("publish_at", "unpublish_at")]}),
        ("Skill domains", {"fields": ["domains_as_of", "domains_note"], "classes": ["collapse"]}),
    ]
    inlines = [SourceLinkInline, FactInline, SkillDomainInline, RoleFitInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_status()
            .annotate(review_count=Count("sources", filter=Q(sources__needs_review=True)))
        )

    @admin.display(description="Status", ordering="status_now")
    def status_now(self, certification):
        return Certification.Status(certification.status_now).label

    @admin.display(description="Sources to review", ordering="review_count")
    def sources_to_review(self, certification):
        return certification.review_count or "—"

    @admin.display(description="Check the facts")
    def review_link(self, certification):
        if not certification.pk:
            return "Save first; then check each fact against its page."
        url = reverse("admin:certifications_certification_review", args=[certification.pk])
        return format_html('<a href="{}">Check each fact against its source</a>', url)

    # The review screen: each fact beside its source and quotation, marked one by one.

    def get_urls(self):
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(self.review_view),
            name="certifications_certification_review",
        )
        return [review, *super().get_urls()]

    def review_view(self, request, object_id):
        certification = self._changeable(request, object_id)
        certification = Certification.objects.with_details().get(pk=certification.pk)
        claims = certification.claims()
        url = reverse("admin:certifications_certification_review", args=[certification.pk])
        if request.method == "POST":
            target = request.POST.get("claim", "")
            if target.startswith("source-"):
                source = next((s for s in certification.sources.all() if f"source-{s.pk}" == target), None)
                if source is None:
                    raise Http404("No such source on this certification.")
                services.mark_source_reviewed(source=source, user=request.user)
                self.message_user(request, f"{source.label}: marked as looked at.")
                return redirect(url)
            claim = next((claim for _, claim in claims if claim_key(claim) == target), None)
            if claim is None:
                raise Http404("No such fact on this certification.")
            services.mark_claim_reviewed(claim=claim, user=request.user)
            self.message_user(request, f"“{claim}” marked as checked today.")
            return redirect(f"{url}#{target}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Check the facts of {certification}",
            "certification": certification,
            "rows": [{"label": label, "claim": claim, "key": claim_key(claim)} for label, claim in claims],
            "sources": certification.sources.all(),
            "summary": certification.check_summary(),
            "change_url": reverse("admin:certifications_certification_change", args=[certification.pk]),
        }
        return TemplateResponse(request, "admin/certifications/certification/review.html", context)


def claim_key(claim):
    return f"{'fact' if isinstance(claim, Fact) else 'weight'}-{claim.pk}"


class DomainWeightFormSet(SourceFilteredFormSet):
    def certification_id(self):
        return self.instance.certification_id


class DomainWeightInline(admin.TabularInline):
    model = DomainWeight
    formset = DomainWeightFormSet
    extra = 0
    fields = ["weight_min", "weight_max", "source", "quotation", "checked_on", "checked_by", "is_accepted"]
    readonly_fields = ["checked_by"]


@admin.register(SkillDomain)
class SkillDomainAdmin(ClaimAuthorMixin, EditorialAdmin):
    list_display = ["name", "certification", "order"]
    list_filter = ["certification"]
    list_select_related = ["certification"]
    search_fields = ["name", "certification__name", "certification__exam_code"]
    filter_horizontal = ["skill_areas"]
    inlines = [DomainWeightInline]


@admin.register(SourceLink)
class SourceLinkAdmin(EditorialAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["label", "certification", "kind", "check_result", "http_status", "checked_at", "needs_review"]
    list_filter = ["needs_review", "check_result", "kind"]
    list_select_related = ["certification"]
    search_fields = ["label", "url", "certification__name", "certification__exam_code"]
    readonly_fields = ["check_result", "http_status", "final_url", "content_hash", "check_error", "checked_at"]
    actions = ["mark_reviewed"]

    @admin.action(description="Mark as reviewed (facts rechecked)")
    def mark_reviewed(self, request, queryset):
        # One by one (not update()): each lands in the source's history and tells the page cache.
        sources = list(queryset.filter(needs_review=True))
        for source in sources:
            source.needs_review = False
            source.save(update_fields=["needs_review"])
        self.message_user(request, f"{len(sources)} source(s) left the review queue.")


@admin.register(Provider)
class ProviderAdmin(EditorialAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "slug", "url", "certification_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(certification_count=Count("certifications"))

    @admin.display(description="Certifications", ordering="certification_count")
    def certification_count(self, provider):
        return provider.certification_count


@admin.register(RoleFit)
class RoleFitAdmin(EditorialAdmin):
    list_display = ["role", "kind", "certification", "from_sources", "order"]
    list_filter = ["role", "kind", "from_sources"]
    list_select_related = ["role", "certification"]
    search_fields = ["role__name", "certification__name", "certification__exam_code", "rationale"]
    autocomplete_fields = ["role", "certification"]
    ordering = ["role__display_order", fit_kind_rank(), "order"]
