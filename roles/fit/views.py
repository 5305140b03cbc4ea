import uuid

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from roles.models import comparison_url

from . import pages, scoring, services
from .forms import FitForm
from .models import Result


@require_http_methods(["GET", "HEAD", "POST"])
def start(request):
    snapshot = services.live_snapshot()
    if snapshot is None:
        return render(request, "fit/start.html", {"form": None}, status=503 if request.method == "POST" else 200)
    if request.method != "POST":
        form = FitForm.for_snapshot(snapshot)(backgrounds=services.background_choices())
        return render(request, "fit/start.html", {"form": form})

    form = FitForm.for_snapshot(snapshot)(request.POST, backgrounds=services.background_choices())
    if form.is_stale():
        return render(request, "fit/changed.html", status=400)
    if form.is_valid():
        result = services.record_result(
            snapshot=snapshot, answers=form.answers(), done=form.done(), background=form.background()
        )
        # Post/Redirect/Get: reloading the result page never submits the answers again.
        return HttpResponseRedirect(result.get_absolute_url(), status=303)
    if form.is_tampered():
        return render(request, "fit/bad_answers.html", status=400)
    return render(request, "fit/start.html", {"form": form}, status=400)


@require_safe
def result(request, result_id):
    try:
        pk = uuid.UUID(result_id)
    except ValueError:
        pk = None
    found = (
        Result.objects.select_related("snapshot", "background").defer("snapshot__calibration").filter(pk=pk).first()
        if pk
        else None
    )
    if found is None:
        response = render(request, "fit/result_not_found.html", status=404)
    elif found.is_earlier_edition:
        page = pages.earlier_page(found, services.result_roles(result=found))
        response = render(request, "fit/result_earlier.html", {"result": found, "page": page})
    else:
        page = pages.current_page(found, services.result_roles(result=found))
        for lane in page.get("lanes", []):
            lane["next_step"] = services.next_step(role=lane["role"])
        compared = [row["role"] for row in page["ranking"][:2] if row["role"]]
        context = {
            "result": found,
            "page": page,
            "compare_url": comparison_url(compared) if len(compared) == 2 else None,
            "close_match": scoring.CLOSE_MATCH,
            "strong_from": scoring.BANDS[0][0],
            "good_from": scoring.BANDS[1][0],
        }
        response = render(request, "fit/result.html", context)
    # A result belongs to whoever took it: shareable by link, never in search engines.
    response["X-Robots-Tag"] = "noindex"
    return response
