from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from .models import InterviewGuide, InterviewQuestion, PortfolioCriterion


class GuideListView(ListView):
    http_method_names = ["get", "head"]  # pages answer nothing else (no OPTIONS)
    template_name = "interviews/guide_list.html"
    context_object_name = "guides"

    def get_queryset(self):
        return InterviewGuide.objects.published().with_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(portfolio_criteria=PortfolioCriterion.objects.all(), **kwargs)


@require_safe
def guide_detail(request, role_slug):
    guide = get_object_or_404(InterviewGuide.objects.visible_to(request.user).with_loop(), role__slug=role_slug)
    questions = guide.questions.all()
    levels = [
        (value, label, [question for question in questions if question.level == value])
        for value, label in InterviewQuestion.Level.choices
    ]
    context = {
        "guide": guide,
        "role": guide.role,
        "levels": [level for level in levels if level[2]],
        "portfolio_criteria": PortfolioCriterion.objects.all(),
    }
    return render(request, "interviews/guide_detail.html", context)
