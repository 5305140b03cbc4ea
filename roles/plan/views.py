from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST

from certifications.models import RoleFit

from . import services
from .forms import PlanForm, StartPlanForm
from .models import Plan, Progress


def private(response):
    """A plan is one visitor's page: no shared cache, no copy on disk, no search engine."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def start(request):
    form = StartPlanForm(request.POST)
    if not form.is_valid():
        return private(render(request, "plan/start_failed.html", {"form": form}, status=400))
    plan = services.start_plan(role=form.cleaned_data["role"], known_steps=form.known_steps())
    return redirect(plan)


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request, plan_id):
    plan = get_object_or_404(Plan.objects.select_related("role"), pk=plan_id)
    steps = list(plan.role.roadmap_steps.prefetch_related("resources"))
    statuses = dict(plan.steps.values_list("step_id", "status"))
    progress = Progress(steps, statuses, plan.hours_per_week)
    if request.method == "POST":
        form = PlanForm(request.POST, progress=progress)
        if form.is_valid():
            services.update_plan(
                plan=plan, statuses=form.statuses(), hours_per_week=form.cleaned_data["hours_per_week"]
            )
            response = redirect(plan)
            response.status_code = 303
            return private(response)
        status = 400
    else:
        services.touch_plan(plan=plan)
        form = PlanForm(initial={"hours_per_week": plan.hours_per_week}, progress=progress)
        status = 200
    context = {
        "plan": plan,
        "role": plan.role,
        "progress": progress,
        "form": form,
        "next_certification": next_certification(plan.role),
        "next_project": next_project(plan.role, progress),
        "plan_url": request.build_absolute_uri(plan.get_absolute_url()),
    }
    return private(render(request, "plan/detail.html", context, status=status))


class NextCertification:
    """The role's primary certification; ``coverage`` (percent of the role's skill areas) is
    None until the certifications app computes it, and the page then shows it."""

    def __init__(self, fit, coverage=None):
        self.fit = fit
        self.certification = fit.certification
        self.coverage = coverage


def next_certification(role):
    fit = (
        RoleFit.objects.filter(role=role, kind=RoleFit.Kind.PRIMARY, certification__is_published=True)
        .select_related("certification", "certification__provider")
        .first()
    )
    return NextCertification(fit) if fit else None


def next_project(role, progress):
    """A project that matches how far along the plan is: starter first, advanced near the end."""
    projects = list(role.projects.all())
    if not projects:
        return None
    wanted = "starter" if progress.percent < 34 else "intermediate" if progress.percent < 67 else "advanced"
    return next((project for project in projects if project.difficulty == wanted), projects[0])
