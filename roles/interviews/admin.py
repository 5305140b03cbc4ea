from django import forms
from django.contrib import admin

from careerhub.editorial.admin import EditorialAdmin

from .models import InterviewGuide, InterviewQuestion, InterviewStage, PortfolioCriterion


class InterviewStageInline(admin.StackedInline):
    model = InterviewStage
    extra = 0
    classes = ["collapse"]
    fields = [("order", "name"), "tests", "detail"]


class InterviewQuestionInline(admin.StackedInline):
    model = InterviewQuestion
    extra = 0
    classes = ["collapse"]
    fields = [("order", "level", "skill_area"), "question", "strong_answer", "common_mistake"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "strong_answer":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 5, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(InterviewGuide)
class InterviewGuideAdmin(EditorialAdmin):
    list_display = ["role", "is_published", "last_reviewed", "updated_at"]
    list_editable = ["is_published"]
    list_select_related = ["role"]
    search_fields = ["role__name", "overview", "take_home"]
    save_on_top = True
    fields = ["role", "overview", "take_home", "portfolio_example", ("is_published", "last_reviewed")]
    inlines = [InterviewStageInline, InterviewQuestionInline]


@admin.register(InterviewQuestion)
class InterviewQuestionAdmin(EditorialAdmin):
    list_display = ["question", "guide", "level", "skill_area", "order"]
    list_filter = ["level", "guide", "skill_area"]
    list_select_related = ["guide__role", "skill_area"]
    search_fields = ["question", "strong_answer", "common_mistake"]
    fields = ["guide", ("order", "level", "skill_area"), "question", "strong_answer", "common_mistake"]


@admin.register(PortfolioCriterion)
class PortfolioCriterionAdmin(EditorialAdmin):
    list_display = ["name", "explanation", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name", "explanation"]
