from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from .models import PACES, Background


class BackgroundListView(ListView):
    http_method_names = ["get", "head"]  # pages answer nothing else (no OPTIONS)
    template_name = "paths/background_list.html"
    context_object_name = "backgrounds"

    def get_queryset(self):
        return Background.objects.published().select_related("first_lane")


@require_safe
def background_detail(request, slug):
    background = get_object_or_404(Background.objects.visible_to(request.user).with_lanes(), slug=slug)
    lanes = sorted(background.lanes.all(), key=lambda lane: lane.role_id != background.first_lane_id)
    context = {
        "background": background,
        "lanes": [(lane, lane.estimate()) for lane in lanes],
        "paces": PACES,
    }
    return render(request, "paths/background_detail.html", context)
