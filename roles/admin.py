from django import forms
from django.contrib import admin

from .models import (
    FAQ,
    ComparisonDimension,
    CuratedComparison,
    DimensionCell,
    ProjectIdea,
    RoadmapStep,
    Role,
    SkillArea,
    SkillLevel,
)


class SkillLevelInline(admin.TabularInline):
    model = SkillLevel
    extra = 0
    autocomplete_fields = ["skill_area"]


class DimensionCellInline(admin.TabularInline):
    model = DimensionCell
    extra = 0
    fields = ["dimension", "text"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RoadmapStepInline(admin.StackedInline):
    model = RoadmapStep
    extra = 0
    fields = [("order", "title", "duration"), "body"]


class ProjectIdeaInline(admin.StackedInline):
    model = ProjectIdea
    extra = 0
    fields = [("order", "title", "difficulty"), "summary", "skills"]
    filter_horizontal = ["skills"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "spectrum_position", "display_order", "is_published", "last_reviewed"]
    list_editable = ["display_order", "is_published"]
    list_filter = ["is_published", "parent"]
    search_fields = ["name", "slug", "summary", "also_called"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    date_hierarchy = "last_reviewed"
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "also_called", "parent"]}),
        ("Profile", {"fields": ["description", "optimises_for", "typical_week", "pick_if"]}),
        ("Placement", {"fields": ["spectrum_position", "display_order", "is_published", "last_reviewed"]}),
    ]
    inlines = [SkillLevelInline, DimensionCellInline, RoadmapStepInline, ProjectIdeaInline]


@admin.register(SkillArea)
class SkillAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class DimensionCellByRoleInline(admin.TabularInline):
    model = DimensionCell
    extra = 0
    fields = ["role", "text"]


@admin.register(ComparisonDimension)
class ComparisonDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name", "help_text"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DimensionCellByRoleInline]


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    fields = [("question", "display_order"), "answer"]


class CuratedComparisonForm(forms.ModelForm):
    class Meta:
        model = CuratedComparison
        fields = ["title", "roles", "quick_answer", "how_to_decide", "is_featured", "is_published"]

    def clean_roles(self):
        from .models import MAX_COMPARED, MIN_COMPARED

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
class CuratedComparisonAdmin(admin.ModelAdmin):
    form = CuratedComparisonForm
    list_display = ["title", "role_key", "is_featured", "is_published", "updated_at"]
    list_filter = ["is_featured", "is_published"]
    search_fields = ["title", "quick_answer"]
    filter_horizontal = ["roles"]
    inlines = [FAQInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_role_key()


from . import fit_admin  # noqa: E402, F401  (registers the role-fit questionnaire admin)
