"""Workflows of the role-fit questionnaire: publishing a snapshot and starting its calibration,
recording a result, next steps."""

import datetime

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from careerhub.cache import content_changed, content_generation
from certifications.models import Certification
from roles.models import ProjectIdea, RoadmapStep, Role
from roles.paths.models import Background

from . import scoring
from .models import Dimension, Experience, Item, Result, RoleTarget, Snapshot
from .tasks import calibrate_snapshot


def compile_content():
    """The published questionnaire as plain data (see scoring.py): six queries."""
    dimensions = list(Dimension.objects.all())
    items = list(Item.objects.published().with_loadings())
    roles = list(Role.objects.published())
    targets = RoleTarget.objects.filter(role__in=roles).values_list("role_id", "dimension__slug", "target", "reason")
    by_role = {role.pk: ({}, {}) for role in roles}
    for role_id, slug, target, reason in targets:
        by_role[role_id][0][slug] = target
        by_role[role_id][1][slug] = reason
    experiences = Experience.objects.prefetch_related(
        Prefetch("steps", queryset=RoadmapStep.objects.filter(role__in=roles).select_related("role"))
    )
    return {
        "edition": scoring.EDITION,
        "dimensions": [
            {
                "slug": dim.slug,
                "name": dim.name,
                "low": dim.low_label,
                "high": dim.high_label,
                "often": dim.often,
                "sometimes": dim.sometimes,
                "rarely": dim.rarely,
            }
            for dim in dimensions
        ],
        "items": [
            {
                "id": item.pk,
                "text": item.text,
                "loadings": [[loading.dimension.slug, loading.weight] for loading in item.loadings.all()],
            }
            for item in items
        ],
        "roles": [
            {
                "id": role.pk,
                "slug": role.slug,
                "name": role.name,
                "targets": by_role[role.pk][0],
                "reasons": by_role[role.pk][1],
            }
            for role in roles
        ],
        "experiences": [
            {"id": experience.pk, "text": experience.text, "steps": _steps_by_role(experience.steps.all())}
            for experience in experiences
        ],
    }


def _steps_by_role(steps):
    found = {}
    for step in steps:
        found.setdefault(step.role.slug, []).append(step.pk)
    return found


def publish_snapshot(*, now=None):
    """Compile the questionnaire as editors left it, make it the live one and start its calibration.

    Saving without a real change (or going back to an earlier version) publishes that version's
    stored snapshot again, with its report. Returns the snapshot as stored after the calibration
    started (with the immediate task backend of development, after it finished).
    """
    content = compile_content()
    now = now or timezone.now()
    snapshot, created = Snapshot.objects.get_or_create(
        version=scoring.content_version(content), defaults={"content": content, "published_at": now}
    )
    if not created:
        snapshot.published_at = now
        snapshot.save(update_fields=["published_at"])
    # /fit/ is served from the latest snapshot: cached pages must not outlive it.
    content_changed()
    start_calibration(snapshot=snapshot, now=now)
    snapshot.refresh_from_db(fields=["calibration", "calibration_started_at"])
    return snapshot


def start_calibration(*, snapshot, now=None):
    """Queue the calibration of ``snapshot`` unless its report is stored or a run is under way.

    The claim is one conditional UPDATE, so two editors saving at once start one run; with the
    database task backend the task is queued in the same transaction as the claim.
    Returns whether a run was started.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = (
            Snapshot.objects.filter(pk=snapshot.pk).awaiting_calibration(now=now).update(calibration_started_at=now)
        )
        if claimed:
            calibrate_snapshot.enqueue(snapshot_id=snapshot.pk)
    return bool(claimed)


# The live snapshot per content generation, in process memory: publishing bumps the generation
# (content_changed above), so every node loads the new snapshot on its next request.
_live = {}


def live_snapshot():
    """The questionnaire visitors answer, or None before anything was published.

    No query while the content generation stands (a submission then costs only its insert);
    one query, without the calibration report, when it has moved on or is unknown.
    """
    generation = content_generation()
    if generation is not None and generation in _live:
        return _live[generation]
    snapshot = Snapshot.objects.latest_first().defer("calibration").first()
    if generation is not None:
        _live.clear()
        _live[generation] = snapshot
    return snapshot


_backgrounds = {}


def backgrounds():
    """{slug: (pk, name)} of the published paths the questionnaire offers as "your job today".

    Read once per content generation, like the live snapshot, so a submission still costs only its insert.
    """
    generation = content_generation()
    if generation is not None and generation in _backgrounds:
        return _backgrounds[generation]
    found = {slug: (pk, name) for pk, slug, name in Background.objects.published().values_list("pk", "slug", "name")}
    if generation is not None:
        _backgrounds.clear()
        _backgrounds[generation] = found
    return found


def background_choices():
    """(slug, name) pairs for the questionnaire's optional job question, in the paths' order."""
    return [(slug, name) for slug, (_, name) in backgrounds().items()]


def record_result(*, snapshot, answers, done=(), background=""):
    """Score ``answers`` ({item id: 1-5}, every item of the snapshot) and store the result, with the
    ids of the experiences ticked (``done``) and the job chosen (``background``, a path's slug, or "").

    The row keeps what the visitor brought and what came of it; wording and targets stay in the
    snapshot it points to, which never changes.
    """
    scored = scoring.evaluate(snapshot.content, answers)
    named = scoring.kind(scored["profile"], scored["scores"]) != "little"
    return Result.objects.create(
        snapshot=snapshot,
        answers={str(item_id): value for item_id, value in answers.items()},
        done=sorted(done),
        profile=scored["profile"],
        scores=scored["scores"],
        top_role_id=scored["scores"][0]["role_id"] if named else None,
        background_id=backgrounds()[background][0] if background else None,
        questionnaire_version=snapshot.version,
    )


def starter_project_order():
    """Starter projects first, then the editors' order."""
    return [
        Case(When(difficulty="starter", then=Value(0)), default=Value(1), output_field=IntegerField()),
        "order",
        "pk",
    ]


def result_roles(*, result):
    """{role pk: Role} for the roles a result ranks, with the first roadmap step, starter
    project and try-out task: three queries whatever the content."""
    roles = Role.objects.published().filter(pk__in=[row["role_id"] for row in result.scores])
    roles = roles.select_related("fit_try_out").prefetch_related(
        Prefetch("roadmap_steps", queryset=RoadmapStep.objects.order_by("order")[:1], to_attr="first_steps"),
        Prefetch(
            "projects", queryset=ProjectIdea.objects.order_by(*starter_project_order())[:1], to_attr="starter_projects"
        ),
    )
    return {role.pk: role for role in roles}


def certification_for(*, role):
    """The certification to take first for ``role``: its best fit that is neither retired nor about to retire."""
    return (
        Certification.objects.first_pick_eligible()
        .for_role(role)
        .select_related("provider")
        .order_by("fit_rank", "pk")
        .first()
    )


def next_step(*, role):
    """One lane, one certification, one project and a try-out task: what to do after the questionnaire."""
    if role is None:
        return None
    return {
        "role": role,
        "certification": certification_for(role=role),
        "roadmap_step": role.first_steps[0] if role.first_steps else None,
        "project": role.starter_projects[0] if role.starter_projects else None,
        "try_out": getattr(role, "fit_try_out", None),
    }


def fit_statistics(*, days=30, today=None):
    """Completions per day over the last ``days`` days and how often each role came out on top."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    recent = Result.objects.filter(created_at__date__gte=since)
    per_day = dict(
        recent.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("pk")).values_list("day", "n")
    )
    daily = [
        {"day": day, "results": per_day.get(day, 0)} for day in (since + datetime.timedelta(d) for d in range(days))
    ]
    peak = max((row["results"] for row in daily), default=0)
    for row in daily:
        row["percent"] = round(100 * row["results"] / peak) if peak else 0

    all_time = list(Result.objects.on_top_counts())
    recent_counts = {row["top_role__name"]: row["results"] for row in recent.on_top_counts()}
    total = sum(row["results"] for row in all_time)
    recent_total = sum(row["results"] for row in daily)
    on_top = [
        {
            "role": row["top_role__name"] or "(no role named, or role deleted)",
            "results": row["results"],
            "percent": round(100 * row["results"] / total),
            "recent": recent_counts.get(row["top_role__name"], 0),
            "recent_percent": round(100 * recent_counts.get(row["top_role__name"], 0) / recent_total)
            if recent_total
            else 0,
        }
        for row in all_time
    ]
    return {
        "days": days,
        "since": since,
        "daily": daily,
        "recent_total": recent_total,
        "total": total,
        "on_top": on_top,
    }
