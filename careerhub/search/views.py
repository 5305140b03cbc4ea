from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import services
from .forms import SearchForm
from .query import search as run_search


@require_safe
def search(request):
    form = SearchForm(request.GET)
    context = {"form": form, "q": "", "outcome": None, "message": ""}
    status = 200
    if not form.is_valid():
        status = 400
    elif form.cleaned_data["q"] and not form.searchable:
        context["message"] = "Type a word or two to search for: punctuation on its own matches nothing."
    elif form.searchable:
        text = form.cleaned_data["q"]
        outcome = run_search(text)
        if not outcome.total:
            services.record_miss(query=text)
        context.update(q=text, outcome=outcome)
    return render(request, "search/results.html", context, status=status)
