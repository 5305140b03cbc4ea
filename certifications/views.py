import re
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from careerhub.cache import page_user
from roles.models import Role

from .forms import CatalogueFilterForm
from .models import Certification, Provider, coverage, detail_prefetches

FILTERS = ("provider", "level", "role", "status", "retired")
# Long junk values are cut before they are echoed back in a notice.
ECHO_LIMIT = 40
MIN_COMPARED, MAX_COMPARED = 2, 4
SEPARATOR = "-vs-"
SLUG_RE = re.compile(r"[-a-z0-9_]{1,80}")


@require_safe
def catalogue(request):
    """The catalogue with optional filters; a filter value we cannot use is dropped with a notice."""
    params = request.GET.copy()
    empty = [name for name in FILTERS if name in params and not any(params.getlist(name))]
    if empty:
        # The form sends "Any ..." as an empty value; drop them so the shared URL stays short.
        for name in empty:
            del params[name]
        return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
    providers = list(Provider.objects.filter(certifications__is_published=True).distinct())
    roles = list(Role.objects.published())
    data, repeated = {}, set()
    for name in FILTERS:
        values = [value for value in request.GET.getlist(name) if value != ""]
        if len(values) > 1:
            repeated.add(name)
        elif values:
            data[name] = values[0]
    form = CatalogueFilterForm(data, providers=providers, roles=roles)
    form.is_valid()
    notices = []
    for name in FILTERS:
        if name in repeated:
            notices.append(f"Pick one {name} at a time; the {name} filter was ignored.")
        elif name in form.errors:
            shown = data[name] if len(data[name]) <= ECHO_LIMIT else data[name][:ECHO_LIMIT] + "…"
            notices.append(f"We have no {name} called “{shown}”, so that filter was ignored.")
    applied = {name: value for name, value in form.cleaned_data.items() if value}

    certifications = Certification.objects.published().for_catalogue()
    role = next((r for r in roles if r.slug == applied.get("role")), None)
    if role:
        certifications = certifications.for_role(role)
    if "provider" in applied:
        certifications = certifications.filter(provider__slug=applied["provider"])
    if "level" in applied:
        certifications = certifications.filter(level=applied["level"])
    if "status" in applied:
        certifications = certifications.with_status().filter(status_now=applied["status"])
    certifications = list(certifications.catalogue_order(by_fit=role is not None))
    current = [c for c in certifications if c.is_current]
    retired = [c for c in certifications if c.is_retired]
    # Retired exams are history: listed and counted only when the visitor asks for them.
    show_retired = bool(applied.get("retired")) or applied.get("status") == Certification.Status.RETIRED

    context = {
        "form": CatalogueFilterForm(initial=applied, providers=providers, roles=roles),
        "notices": notices,
        "is_filtered": bool(applied),
        "role": role,
        "current": current,
        "retired": retired if show_retired else [],
        "hidden_retired": 0 if show_retired else len(retired),
        "include_retired_url": f"{request.path}?{urlencode({**applied, 'retired': 'on'})}",
        "count": len(current) + (len(retired) if show_retired else 0),
        # The pick form lists every published certification, whatever the filters.
        "pick": Certification.objects.published().select_related("provider").catalogue_order(),
        "max_compared": MAX_COMPARED,
    }
    response = render(request, "certifications/certification_list.html", context)
    if notices:
        # A link with values we ignored is not a page worth keeping: caches must not store it.
        add_never_cache_headers(response)
    return response


@require_safe
def certification_detail(request, slug):
    queryset = Certification.objects.visible_to(page_user(request)).with_details()
    return certification_page(request, get_object_or_404(queryset, slug=slug))


def certification_page(request, certification, preview=False):
    """The page of ``certification``; with ``preview``, the admin's preview of a change not yet kept."""
    if preview:
        # The preview hands over the certification alone: load its related rows as certification_detail does.
        prefetch_related_objects([certification], *detail_prefetches())
    canonical = settings.SITE_URL + certification.get_absolute_url()
    context = {
        "certification": certification,
        "preview": preview,
        "canonical": canonical,
        "structured_data": certification.structured_data(canonical),
        "fits": certification.role_fits.all(),
        # Coverage for every role, not only the mapped ones: two queries (roles, skill levels).
        "coverages": [coverage(certification, role) for role in Role.objects.published().with_skills()],
    }
    return render(request, "certifications/certification_detail.html", context)


def compare_url(slugs):
    """The canonical comparison URL: slugs in alphabetical order, each once."""
    return reverse("certifications:compare", args=[SEPARATOR.join(sorted(set(slugs)))])


def echo(value):
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= ECHO_LIMIT else value[:ECHO_LIMIT] + "…"


@require_safe
def compare_pick(request):
    """The catalogue's pick form lands here (GET, no JavaScript): send the visitor to the comparison."""
    picked = [value for value in request.GET.getlist("c") if value]
    picked = list(dict.fromkeys(picked))
    bad = [value for value in picked if not SLUG_RE.fullmatch(value)]
    if bad:
        return compare_problem(request, f"We have no certification called “{echo(bad[0])}”.", status=400)
    if not MIN_COMPARED <= len(picked) <= MAX_COMPARED:
        return compare_problem(
            request,
            f"Tick {MIN_COMPARED} to {MAX_COMPARED} certifications to compare; you ticked {len(picked)}.",
            status=400,
            picked=picked,
        )
    return redirect(compare_url(picked))


@require_safe
def compare(request, slugs):
    requested = slugs.lower().split(SEPARATOR)
    if len(requested) > MAX_COMPARED * 2 or not all(SLUG_RE.fullmatch(slug) for slug in requested):
        return compare_problem(request, "That address does not name certifications we know.", status=404)
    unique = set(requested)
    if len(unique) > MAX_COMPARED:
        return compare_problem(
            request, f"A comparison holds at most {MAX_COMPARED} certifications; that address lists {len(unique)}."
        )
    certifications = list(Certification.objects.visible_to(page_user(request)).with_details().filter(slug__in=unique))
    unknown = sorted(unique - {c.slug for c in certifications})
    if unknown:
        return compare_problem(request, f"We have no certification called “{echo(unknown[0])}”.")
    if len(certifications) < MIN_COMPARED:
        return compare_problem(request, f"{certifications[0]} on its own is not a comparison: pick at least one more.")
    canonical = compare_url(unique)
    if request.path != canonical:
        return redirect(canonical, permanent=True)

    certifications.sort(key=lambda c: c.slug)
    roles = list(Role.objects.published().with_skills())
    fact_rows = [certification.fact_rows() for certification in certifications]
    context = {
        "certifications": certifications,
        "title": " vs ".join(c.short_name for c in certifications),
        "fact_rows": [
            (rows[0].label, [row[index] for row in fact_rows])
            for index, rows in enumerate(zip(*fact_rows, strict=True))
        ],
        "coverage_rows": [(role, [coverage(c, role) for c in certifications]) for role in roles],
    }
    return render(request, "certifications/compare.html", context)


def compare_problem(request, message, status=404, picked=()):
    certifications = Certification.objects.published().select_related("provider").catalogue_order()
    # The form comes back with the visitor's ticks, so one more tick finishes the job.
    context = {"message": message, "pick": certifications, "picked": picked}
    return render(request, "certifications/compare_problem.html", context, status=status)
