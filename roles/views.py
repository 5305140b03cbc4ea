from django.conf import settings
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import truncatechars
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from careerhub.cache import page_user
from certifications.models import first_certification_row, fits_with_coverage, role_fits_prefetch

from .charts import skill_chart
from .forms import SLUG_RE, CompareForm
from .models import (
    MAX_COMPARED,
    MIN_COMPARED,
    ROADMAP_HOURS_PER_WEEK,
    ComparisonDimension,
    CuratedComparison,
    Role,
    comparison_url,
    profile_prefetches,
)

SEPARATOR = "-vs-"


class RoleListView(ListView):
    http_method_names = ["get", "head"]  # pages answer nothing else (no OPTIONS)
    template_name = "roles/role_list.html"
    context_object_name = "roles"

    def get_queryset(self):
        return Role.objects.published().select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sides = split_sides(context["roles"])
        groups = [
            {
                "key": "with",
                "label": "Builds with the model",
                "blurb": "Roles that take existing models, mostly LLMs, and build products and systems around them.",
                "roles": sides["with"],
            },
            {
                "key": "model",
                "label": "Builds the model",
                "blurb": "Roles that prepare the data, then train, evaluate and serve the models themselves.",
                "roles": sides["model"],
            },
        ]
        context["groups"] = [group for group in groups if group["roles"]]
        return context


@require_safe
def role_detail(request, slug):
    roles = (
        Role.objects.visible_to(page_user(request))
        .with_profile()
        .prefetch_related(role_fits_prefetch(with_coverage=True))
    )
    role = get_object_or_404(roles, slug=slug)
    return role_page(request, role)


def role_page(request, role, preview=False):
    """The profile page of ``role``; with ``preview``, the admin's preview of a change not yet kept."""
    if preview:
        # The preview hands over the role alone: load its related rows as role_detail does.
        prefetch_related_objects([role], *profile_prefetches(), role_fits_prefetch(with_coverage=True))
    # Comparisons hold published roles only, so an unpublished role offers none.
    others = Role.objects.published().exclude(pk=role.pk).only("name", "slug", "display_order")
    context = {
        "role": role,
        "preview": preview,
        "skill_chart": skill_chart([role]),
        "certification_fits": fits_with_coverage(role),
        "compare_with": [(other, comparison_url([role, other])) for other in others] if role.is_published else [],
        "json_ld": occupation_json_ld(role),
        "roadmap_pace": ROADMAP_HOURS_PER_WEEK,
    }
    return render(request, "roles/role_detail.html", context)


def occupation_json_ld(role):
    """schema.org Occupation for a role page (rendered with the json_ld filter, escaped)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.name,
        "description": role.summary,
        "url": settings.SITE_URL + role.get_absolute_url(),
        "skills": [level.skill_area.name for level in role.skill_levels.all() if level.level >= 3],
        "dateModified": role.updated_at.isoformat(),
        "lastReviewed": role.last_reviewed.isoformat(),
    }
    if role.also_called_list:
        data["alternateName"] = role.also_called_list
    return data


@require_safe
def compare_pick(request):
    # Bound only when the form was sent, so that a stray ?utm_source= does not show errors.
    submitted = "roles" in request.GET or "submitted" in request.GET
    form = CompareForm(request.GET if submitted else None)
    if submitted and form.is_valid():
        return redirect(comparison_url(form.cleaned_data["roles"]))
    context = {
        "form": form,
        "curated": CuratedComparison.objects.live(),
        # The five-lane guide: each role's first "pick this if..." line.
        "lanes": Role.objects.published().only("name", "slug", "pick_if", "display_order", "spectrum_position"),
    }
    return render(request, "roles/compare_pick.html", context, status=400 if submitted else 200)


@require_safe
def compare(request, slugs):
    requested = list(dict.fromkeys(part.lower() for part in slugs.split(SEPARATOR)))
    if len(requested) > MAX_COMPARED:
        return compare_not_found(
            request, f"A comparison can hold at most {MAX_COMPARED} roles; that address lists {len(requested)}."
        )
    valid = [slug for slug in requested if SLUG_RE.fullmatch(slug)]
    roles = list(Role.objects.published().with_skills().filter(slug__in=valid)) if valid else []
    found = {role.slug for role in roles}
    unknown = [slug for slug in requested if slug not in found]
    if unknown:
        name = truncatechars("".join(ch if ch.isprintable() else "?" for ch in unknown[0]), 40)
        message = f"We have no role called “{name}”." if name else "Part of that address is missing a role name."
        return compare_not_found(request, message, roles)
    if len(roles) < MIN_COMPARED:
        return compare_not_found(
            request, f"{roles[0].name} on its own is not a comparison: tick at least one more role.", roles
        )

    canonical = comparison_url(roles)
    if request.path != canonical:
        return redirect(canonical, permanent=True)

    roles.sort(key=lambda r: (r.display_order, r.name))
    ids = {role.pk for role in roles}
    rows = comparison_rows(ComparisonDimension.objects.with_cells_for(roles), roles)
    context = {
        "roles": roles,
        # Every role here is published, so published() is enough (live() would also load its roles).
        "curated": CuratedComparison.objects.published().for_roles(roles).prefetch_related("faqs").first(),
        "rows": rows,
        # The certifications app's "First certification" row goes where the starter project begins.
        "certification_row_at": next(
            (index for index, row in enumerate(rows) if row["dimension"].slug == "starter-project"), len(rows)
        ),
        "first_certifications": first_certification_row(roles),
        "skill_chart": skill_chart(roles),
        "title": " vs ".join(role.name for role in roles),
        "last_reviewed": min(role.last_reviewed for role in roles),
        "share_key": SEPARATOR.join(role.slug for role in roles),  # the share card's key (og:image)
        "specialisations": [role for role in roles if role.parent_id in ids],
        "sides": split_sides(roles),
        "form": CompareForm(initial={"roles": [role.slug for role in roles]}),
    }
    return render(request, "roles/compare.html", context)


def comparison_rows(dimensions, roles):
    """One row per dimension with a cell for at least one role; cells in the order of ``roles``."""
    rows = []
    for dimension in dimensions:
        cells = {cell.role_id: cell for cell in dimension.cells.all()}
        if cells:
            rows.append({"dimension": dimension, "cells": [(role, cells.get(role.pk)) for role in roles]})
    return rows


def split_sides(roles):
    """The roles on each side of the builds-the-model / builds-with-the-model line."""
    return {
        "model": [role for role in roles if role.builds_the_model],
        "with": [role for role in roles if not role.builds_the_model],
    }


def compare_not_found(request, message, roles=()):
    form = CompareForm(initial={"roles": [role.slug for role in roles]})
    context = {"message": message, "form": form, "roles": roles}
    return render(request, "roles/compare_not_found.html", context, status=404)
