from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from roles.models import comparison_url

from . import services
from .forms import MAX_CHARACTERS, PostingForm


@require_http_methods(["GET", "HEAD", "POST"])
def start(request):
    if request.method != "POST":
        return render(request, "postings/start.html", {"form": PostingForm(), "max_characters": MAX_CHARACTERS})
    form = PostingForm(request.POST)
    if form.is_valid():
        reading = services.read_posting(text=form.cleaned_data["posting"])
        context = {"reading": reading, "fit_url": reverse("fit:start")}
        if reading.second is not None:
            context["compare_url"] = comparison_url([reading.top.lane, reading.second.lane])
        response = render(request, "postings/result.html", context)
    else:
        status = 413 if form.has_error("posting", "too_long") else 400
        context = {"form": form, "max_characters": MAX_CHARACTERS}
        response = render(request, "postings/start.html", context, status=status)
    # The answer holds the visitor's posting: no cache may keep it, no search engine index it.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
