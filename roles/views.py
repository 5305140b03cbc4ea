from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from .forms import CompareForm
from .models import MAX_COMPARED, MIN_COMPARED, ComparisonDimension, CuratedComparison, Role, comparison_url


class RoleListView(ListView):
    template_name = "roles/role_list.html"
    context_object_name = "roles"

    def get_queryset(self):
        return Role.objects.published().select_related("parent")


@require_GET
def role_detail(request, slug):
    role = get_object_or_404(Role.objects.visible_to(request.user).with_profile(), slug=slug)
    return render(request, "roles/role_detail.html", {"role": role, "skill_chart": role_skill_chart([role])})


@require_GET
def compare_pick(request):
    form = CompareForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect(comparison_url(form.cleaned_data["roles"]))
    status = 400 if form.is_bound else 200
    return render(request, "roles/compare_pick.html", {"form": form}, status=status)


class ComparisonNotFound(Http404):
    pass


@require_GET
def compare(request, slugs):
    requested = slugs.split("-vs-")
    if not MIN_COMPARED <= len(set(requested)) <= MAX_COMPARED:
        return compare_not_found(request, requested, "Pick between two and five different roles to compare.")
    roles = list(Role.objects.published().with_profile().filter(slug__in=requested))
    found = {role.slug for role in roles}
    unknown = [slug for slug in requested if slug not in found]
    if unknown:
        return compare_not_found(request, requested, f"We have no role called “{unknown[0]}”.")
    canonical = comparison_url(roles)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    roles.sort(key=lambda r: (r.display_order, r.name))
    curated = (
        CuratedComparison.objects.published()
        .filter(role_key=CuratedComparison.key_for(found))
        .prefetch_related("faqs")
        .first()
    )
    dimensions = list(ComparisonDimension.objects.prefetch_related("cells"))
    rows = []
    for dimension in dimensions:
        cells = {cell.role_id: cell for cell in dimension.cells.all()}
        rows.append({"dimension": dimension, "cells": [cells.get(role.pk) for role in roles]})
    context = {
        "roles": roles,
        "curated": curated,
        "rows": rows,
        "skill_chart": role_skill_chart(roles),
        "title": " vs ".join(role.name for role in roles),
    }
    return render(request, "roles/compare.html", context)


def compare_not_found(request, requested, message):
    context = {"message": message, "form": CompareForm(), "requested": requested}
    return render(request, "roles/compare_not_found.html", context, status=404)


def role_skill_chart(roles):
    """Data for the server-rendered skill chart: one row per skill area, one bar per role."""
    areas = {}
    for index, role in enumerate(roles):
        for level in role.skill_levels.all():
            row = areas.setdefault(level.skill_area.pk, {"area": level.skill_area, "levels": [None] * len(roles)})
            row["levels"][index] = level.level
    return sorted(areas.values(), key=lambda row: (row["area"].display_order, row["area"].name))
