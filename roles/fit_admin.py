"""Admin for the role-fit questionnaire: questions with a choice × role weight grid,
read-only results, and a report with health checks and statistics."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from . import fit_services as services
from .fit_forms import ChoiceWeightsForm
from .fit_models import MAX_WEIGHT, Choice, Question, Result
from .models import Role


def _roles(request):
    """Every role, once per request (the admin builds the inline formset several times)."""
    if not hasattr(request, "_fit_roles"):
        request._fit_roles = list(Role.objects.all())
    return request._fit_roles


class ChoiceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        blocked = services.roles_a_change_would_block(
            question=self.instance,
            proposed_choices=[form.weights for form in kept],
            publish=self.instance.is_published,
        )
        if blocked:
            names = ", ".join(role.name for role in blocked)
            raise forms.ValidationError(
                f"With these answers and weights, no set of answers would put {names} on top any more. "
                "Give that role a stronger weight on one of the answers, or lower a competing role's weight."
            )


class ChoiceInline(admin.TabularInline):
    model = Choice
    form = ChoiceWeightsForm
    formset = ChoiceFormSet
    extra = 0
    min_num = services.MIN_CHOICES
    max_num = services.MAX_CHOICES
    ordering = ["display_order", "pk"]
    verbose_name = "answer"
    verbose_name_plural = f"answers and their weights (0 = no signal, {MAX_WEIGHT} = strong signal for that role)"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("weights")

    def get_fields(self, request, obj=None):
        return ["text", "display_order", *(ChoiceWeightsForm.weight_field(role) for role in _roles(request))]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = ChoiceWeightsForm.for_roles(_roles(request))
        # The admin does not pass these on by itself; without them min_num/max_num only shape the page.
        kwargs.update(validate_min=True, validate_max=True)
        return super().get_formset(request, obj, **kwargs)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "display_order", "is_published", "answer_count", "updated_at"]
    list_editable = ["display_order"]
    list_filter = ["is_published"]
    search_fields = ["text", "help_text", "choices__text"]
    fields = ["text", "help_text", ("display_order", "is_published")]
    inlines = [ChoiceInline]
    change_list_template = "fit/admin/question_change_list.html"

    class Media:
        css = {"all": ["css/fit-admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_count=Count("choices"))

    @admin.display(description="answers", ordering="answer_count")
    def answer_count(self, question):
        return question.answer_count

    def get_urls(self):
        view = self.admin_site.admin_view(self.weights_view)
        return [path("weights/", view, name="roles_question_weights"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "problems": services.questionnaire_problems()}
        return super().changelist_view(request, extra_context)

    def weights_view(self, request):
        """Every published question's weights on one page, read-only."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        questions = list(Question.objects.published().with_weights())
        roles = list(Role.objects.published())
        rows = [
            {
                "question": question,
                "choices": [(choice, [choice.weight_map().get(role.pk, 0) for role in roles]) for choice in choices],
            }
            for question in questions
            for choices in [list(question.choices.all())]
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Questionnaire weights",
            "roles": roles,
            "rows": rows,
            "problems": services.questionnaire_problems(questions=questions),
        }
        return TemplateResponse(request, "fit/admin/weights.html", context)


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["created_at", "top_role", "top_score", "questionnaire_version"]
    list_filter = ["top_role"]
    list_select_related = ["top_role"]
    date_hierarchy = "created_at"
    fields = ["id", "created_at", "top_role", "ranking_table", "answer_list", "questionnaire_version"]
    readonly_fields = fields
    change_list_template = "fit/admin/result_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # results are a record of what a visitor answered

    @admin.display(description="top score")
    def top_score(self, result):
        return result.top["score"] if result.top else "—"

    @admin.display(description="ranking")
    def ranking_table(self, result):
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", "<li>{} · {} ({})</li>", ((r["name"], r["score"], r["tier_label"]) for r in result.ranking)
            ),
        )

    @admin.display(description="answers")
    def answer_list(self, result):
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", "<li>{}<br><strong>{}</strong></li>", ((a["question"], a["choice"]) for a in result.answers)
            ),
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.stats_view)
        return [path("stats/", view, name="roles_result_stats"), *super().get_urls()]

    def stats_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Questionnaire statistics",
            "stats": services.fit_statistics(),
            "problems": services.questionnaire_problems(),
            "weights_url": reverse("admin:roles_question_weights"),
        }
        return TemplateResponse(request, "fit/admin/stats.html", context)
