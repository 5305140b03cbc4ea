from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from careerhub.core.admin import URL_FIELDS
from careerhub.editorial import services as editorial
from careerhub.editorial.admin import EditorialAdmin

from .models import (
    FAQ,
    MAX_COMPARED,
    MIN_COMPARED,
    ComparisonDimension,
    CuratedComparison,
    DimensionCell,
    ProjectIdea,
    RoadmapStep,
    Role,
    SkillArea,
    SkillLevel,
    StepResource,
    comparison_url,
)


class SkillLevelInline(admin.TabularInline):
    model = SkillLevel
    extra = 0
    classes = ["collapse"]
    autocomplete_fields = ["skill_area"]


class DimensionCellInline(admin.TabularInline):
    model = DimensionCell
    extra = 0
    classes = ["collapse"]
    fields = ["dimension", "text"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RoadmapStepInline(admin.StackedInline):
    model = RoadmapStep
    extra = 0
    classes = ["collapse"]
    fields = [("order", "title", "duration", "hours"), "body", ("covers", "done_when")]
    # Resources are edited on the step's own page (the admin nests no inlines), with their history there.
    show_change_link = True


class StepResourceInline(admin.TabularInline):
    model = StepResource
    extra = 0
    formfield_overrides = URL_FIELDS
    fields = ["order", "label", "url", "kind", "page_title", "checked_on"]


class ProjectIdeaInline(admin.StackedInline):
    model = ProjectIdea
    extra = 0
    classes = ["collapse"]
    fields = [("order", "title", "difficulty"), "summary", "skills"]
    filter_horizontal = ["skills"]


@admin.register(RoadmapStep)
class RoadmapStepAdmin(EditorialAdmin):
    # Registered before RoleAdmin so that django-reversion records a step with its resources, and a role's
    # history (which follows its steps) brings the resources back too.
    list_display = ["title", "role", "order", "duration", "hours"]
    list_filter = ["role"]
    list_select_related = ["role"]
    search_fields = ["title", "body", "covers", "resources__url"]
    ordering = ["role__display_order", "order"]
    autocomplete_fields = ["role"]
    inlines = [StepResourceInline]


class RoleForm(forms.ModelForm):
    # The model and fields come from RoleAdmin (the admin builds the form class).
    class Meta:
        widgets = {
            "also_called": forms.Textarea(attrs={"rows": 3}),
            "pick_if": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_slug(self):
        # Comparison URLs join slugs with "-vs-" and are matched in lower case.
        slug = self.cleaned_data["slug"]
        if slug != slug.lower():
            raise forms.ValidationError("Use lower-case letters only.")
        if "-vs-" in slug or slug.startswith("vs-") or slug.endswith("-vs"):
            raise forms.ValidationError("A slug cannot contain “-vs-”: comparison addresses use it between roles.")
        return slug


@admin.register(Role)
class RoleAdmin(EditorialAdmin):
    form = RoleForm
    preview_page = "roles.views.role_page"
    drafts = True
    revert_leaves = (
        "a revert brings back the role's fields, skill levels, comparison cells, roadmap steps (with their "
        "learning resources) and projects (with their skills); it does not bring back certification fits (see "
        "each certification's history), curated comparisons or questionnaire targets, which have histories of "
        "their own."
    )
    list_display = ["name", "slug", "parent", "spectrum_position", "display_order", "is_published", "last_reviewed"]
    list_editable = ["display_order", "is_published"]
    list_filter = ["is_published", "parent", "last_reviewed"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "summary", "also_called"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    date_hierarchy = "last_reviewed"
    save_on_top = True
    actions = ["publish", "unpublish", "mark_reviewed_today"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "also_called", "parent"]}),
        (
            "Profile",
            {
                "fields": ["description", "optimises_for", "typical_week", "pick_if"],
                "description": "Long fields take Markdown: **bold**, - bullet lists, [links](https://example.com).",
            },
        ),
        (
            "Placement and publishing",
            {
                "fields": [
                    ("spectrum_position", "display_order"),
                    ("is_published", "last_reviewed"),
                    ("publish_at", "unpublish_at"),
                ]
            },
        ),
    ]
    inlines = [SkillLevelInline, DimensionCellInline, RoadmapStepInline, ProjectIdeaInline]

    @admin.action(description="Publish the selected roles", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Unpublish the selected roles (visitors get a 404)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    @admin.action(description="Mark the selected roles as reviewed today", permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        today = timezone.localdate()
        for role in queryset:
            editorial.mark_reviewed(obj=role, user=request.user, on=today)
        self.message_user(request, f"{len(queryset)} role(s) marked as reviewed on {today:%d %B %Y}.", messages.SUCCESS)

    def _set_published(self, request, queryset, published):
        count = len(editorial.set_published(objects=queryset, published=published, user=request.user))
        state = "published" if published else "unpublished"
        self.message_user(request, f"{count} role(s) {state}.", messages.SUCCESS)


@admin.register(SkillArea)
class SkillAreaAdmin(EditorialAdmin):
    list_display = ["name", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class DimensionCellByRoleInline(admin.TabularInline):
    model = DimensionCell
    extra = 0
    fields = ["role", "text"]


@admin.register(ComparisonDimension)
class ComparisonDimensionAdmin(EditorialAdmin):
    list_display = ["name", "slug", "help_text", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name", "help_text"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DimensionCellByRoleInline]


@admin.register(DimensionCell)
class DimensionCellAdmin(EditorialAdmin):
    """Every cell of the comparison table; filter by dimension to edit one row for all roles."""

    list_display = ["dimension", "role", "text"]
    list_editable = ["text"]
    list_filter = ["dimension", "role"]
    list_select_related = ["dimension", "role"]
    search_fields = ["text", "role__name", "dimension__name"]
    autocomplete_fields = ["dimension", "role"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 70})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(SkillLevel)
class SkillLevelAdmin(EditorialAdmin):
    list_display = ["role", "skill_area", "level"]
    list_editable = ["level"]
    list_filter = ["skill_area", "role", "level"]
    list_select_related = ["role", "skill_area"]
    search_fields = ["role__name", "skill_area__name"]
    autocomplete_fields = ["role", "skill_area"]


@admin.register(ProjectIdea)
class ProjectIdeaAdmin(EditorialAdmin):
    list_display = ["title", "role", "order", "difficulty"]
    list_filter = ["difficulty", "role"]
    list_select_related = ["role"]
    search_fields = ["title", "summary"]
    ordering = ["role__display_order", "order"]
    autocomplete_fields = ["role"]
    filter_horizontal = ["skills"]


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    fields = [("question", "display_order"), "answer"]


class CuratedComparisonForm(forms.ModelForm):
    class Meta:
        model = CuratedComparison
        fields = [
            "title",
            "roles",
            "quick_answer",
            "how_to_decide",
            "is_featured",
            "is_published",
            "publish_at",
            "unpublish_at",
        ]

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        if not MIN_COMPARED <= len(roles) <= MAX_COMPARED:
            raise forms.ValidationError(f"Pick between {MIN_COMPARED} and {MAX_COMPARED} roles.")
        key = CuratedComparison.key_for(r.slug for r in roles)
        clash = CuratedComparison.objects.filter(role_key=key).exclude(pk=self.instance.pk).first()
        if clash:
            raise forms.ValidationError(f'"{clash}" already covers exactly these roles.')
        self.instance.role_key = key
        return roles


@admin.register(CuratedComparison)
class CuratedComparisonAdmin(EditorialAdmin):
    form = CuratedComparisonForm
    list_display = ["title", "role_names", "is_featured", "is_published", "updated_at"]
    list_filter = ["is_featured", "is_published", "roles"]
    search_fields = ["title", "quick_answer", "how_to_decide"]
    filter_horizontal = ["roles"]
    inlines = [FAQInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description="roles")
    def role_names(self, obj):
        return ", ".join(role.name for role in obj.roles.all())

    def view_on_site(self, obj):
        # A comparison that lost roles (a role was deleted) has no page to show.
        roles = list(obj.roles.all())
        return comparison_url(roles) if MIN_COMPARED <= len(roles) <= MAX_COMPARED else None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_role_key()


@admin.register(FAQ)
class FAQAdmin(EditorialAdmin):
    list_display = ["question", "comparison", "display_order"]
    list_filter = ["comparison"]
    list_select_related = ["comparison"]
    search_fields = ["question", "answer"]
