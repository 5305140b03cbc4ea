from django import forms
from django.contrib import admin

from careerhub.editorial.admin import EditorialAdmin
from roles.models import RoadmapStep

from .models import Background, Carryover, LanePath


class LanePathForm(forms.ModelForm):
    # The model and fields come from the admin that uses it (inline or page).
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "known_steps" in self.fields:
            # Each choice is labelled with its role: one query, not one per step.
            self.fields["known_steps"].queryset = RoadmapStep.objects.select_related("role")

    def clean(self):
        cleaned = super().clean()
        role, known = cleaned.get("role"), cleaned.get("known_steps")
        if role and known:
            strays = [step.title for step in known if step.role_id != role.pk]
            if strays:
                raise forms.ValidationError(
                    {"known_steps": f"Pick steps of the {role} roadmap only; not: {', '.join(strays)}."}
                )
        return cleaned


class LanePathInline(admin.StackedInline):
    model = LanePath
    form = LanePathForm
    extra = 0
    classes = ["collapse"]
    fields = ["role", "gaps", "known_steps"]
    filter_horizontal = ["known_steps"]
    show_change_link = True  # what carries over is edited on the lane's own page


@admin.register(Background)
class BackgroundAdmin(EditorialAdmin):
    revert_leaves = "a revert brings back the lanes' gaps and known steps; what carries over has its own history."
    list_display = ["name", "slug", "first_lane", "display_order", "is_published", "last_reviewed"]
    list_editable = ["display_order", "is_published"]
    list_filter = ["is_published", "first_lane"]
    list_select_related = ["first_lane"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary"]}),
        ("First lane", {"fields": ["first_lane", "first_lane_why", "first_week_task"]}),
        ("Publishing", {"fields": [("display_order", "is_published", "last_reviewed")]}),
    ]
    inlines = [LanePathInline]


class CarryoverInline(admin.TabularInline):
    model = Carryover
    extra = 0
    fields = ["skill_area", "text"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 70})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(LanePath)
class LanePathAdmin(EditorialAdmin):
    form = LanePathForm
    list_display = ["background", "role"]
    list_filter = ["background", "role"]
    list_select_related = ["background", "role"]
    search_fields = ["background__name", "role__name", "gaps"]
    fields = ["background", "role", "gaps", "known_steps"]
    filter_horizontal = ["known_steps"]
    inlines = [CarryoverInline]
