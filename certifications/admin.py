from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from .models import (
    FACTS_FRESH_DAYS,
    Certification,
    Provider,
    RoleFit,
    SkillDomain,
    SourceLink,
    domain_range_problem,
    fit_kind_rank,
)

# Editors paste addresses without a scheme; assume https (Django 6's default) rather than http.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class SkillDomainFormSet(BaseInlineFormSet):
    """Rejects weight ranges that can never add up to 100% (e.g. 20–25% five times)."""

    def clean(self):
        super().clean()
        ranges = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            low, high = form.cleaned_data.get("weight_min"), form.cleaned_data.get("weight_max")
            if low is None or high is None:
                return  # the form's own errors say what is missing
            ranges.append((low, high))
        problem = domain_range_problem(ranges)
        if problem:
            raise forms.ValidationError(f"{problem} Adjust the domain weights so they can total 100%.")


class SkillDomainInline(admin.TabularInline):
    model = SkillDomain
    formset = SkillDomainFormSet
    extra = 0
    fields = ["order", "name", "weight_min", "weight_max"]


class SourceLinkInline(admin.TabularInline):
    model = SourceLink
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = ["label", "url", "supports", "is_official", "source_date", "seen_on"]


class RoleFitInline(admin.StackedInline):
    model = RoleFit
    extra = 0
    fields = [("role", "kind", "order"), "rationale"]
    autocomplete_fields = ["role"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "rationale":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 4, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class FactsFreshnessFilter(admin.SimpleListFilter):
    title = "facts last verified"
    parameter_name = "facts"

    def lookups(self, request, model_admin):
        return [("stale", f"More than {FACTS_FRESH_DAYS} days ago"), ("fresh", f"Within {FACTS_FRESH_DAYS} days")]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "fresh":
            return queryset.exclude(pk__in=queryset.stale())
        return queryset


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "provider", "level", "status", "is_published", "facts_check"]
    list_filter = ["provider", "status", "level", "is_published", FactsFreshnessFilter]
    list_select_related = ["provider"]
    search_fields = ["name", "exam_code", "exam_title", "summary"]
    prepopulated_fields = {"slug": ["exam_code", "name"]}
    autocomplete_fields = ["successor"]
    ordering = ["provider__name", "name"]
    fieldsets = [
        (None, {"fields": ["provider", "name", "exam_code", "exam_title", "slug", "level", "summary", "description"]}),
        ("Status", {"fields": ["status", "status_note", "retirement_date", "successor", "is_published"]}),
        (
            "Exam facts (leave empty when no source confirms them)",
            {
                "fields": [
                    ("price", "currency", "price_note"),
                    "duration_minutes",
                    ("questions_min", "questions_max", "question_note"),
                    "passing_score",
                    "languages",
                    "delivery",
                    "validity_months",
                    "renewal",
                    "recommended_experience",
                    "official_url",
                    "practice_test_url",
                ]
            },
        ),
        ("Skill domains", {"fields": ["domains_as_of", "domains_note"]}),
        ("Verification", {"fields": ["facts_verified_on"]}),
    ]
    inlines = [SkillDomainInline, SourceLinkInline, RoleFitInline]

    @admin.display(description="Facts verified", ordering="facts_verified_on")
    def facts_check(self, certification):
        """The verification date, flagged when it is older than FACTS_FRESH_DAYS."""
        today = timezone.localdate()
        verified = date_format(certification.facts_verified_on, "j M Y")
        if certification.facts_need_recheck(today):
            return format_html(
                '{}<br><strong class="facts-stale" style="color:#a04100">Recheck: {} days old</strong>',
                verified,
                certification.facts_age_days(today),
            )
        return verified


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
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
class RoleFitAdmin(admin.ModelAdmin):
    list_display = ["role", "kind", "certification", "order"]
    list_filter = ["role", "kind"]
    list_select_related = ["role", "certification"]
    search_fields = ["role__name", "certification__name", "certification__exam_code", "rationale"]
    autocomplete_fields = ["role", "certification"]
    ordering = ["role__display_order", fit_kind_rank(), "order"]
