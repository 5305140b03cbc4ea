"""Loads the sample role-fit questionnaire from content/questionnaire.toml.

The questionnaire is one unit (its calibration covers every statement and target together),
so it is loaded only into an empty questionnaire: once any dimension or statement exists,
editors own it and nothing here adds to it or overwrites it. Try-out tasks are per role and
added only for roles that have none. A snapshot is published when the live one is not of the
current edition (none yet, or one from before the migration to this edition).
"""

import tomllib
from pathlib import Path

from roles.models import RoadmapStep, Role

from . import scoring, services
from .models import Dimension, Experience, Item, Loading, RoleTarget, Snapshot, TryOut

CONTENT = Path(__file__).resolve().parent / "content" / "questionnaire.toml"


def load(log):
    data = tomllib.loads(CONTENT.read_text(encoding="utf-8"))
    roles = {role.slug: role for role in Role.objects.filter(slug__in=data["roles"])}
    if Dimension.objects.exists() or Item.objects.exists():
        for _ in data["items"]:
            log.count("fit statement", False)
    else:
        _load_questionnaire(data, roles, log)
    for slug, role_data in data["roles"].items():
        if slug in roles:
            _, created = TryOut.objects.get_or_create(role=roles[slug], defaults={"task": role_data["try_out"]})
            log.count("fit try-out task", created)
    live = Snapshot.objects.latest_first().first()
    if live is None or live.content.get("edition") != scoring.EDITION:
        services.publish_snapshot()


def _load_questionnaire(data, roles, log):
    dimensions = {}
    for order, row in enumerate(data["dimensions"], start=1):
        dimensions[row["slug"]] = Dimension.objects.create(**row, display_order=order)
    for order, row in enumerate(data["items"], start=1):
        item = Item.objects.create(text=row["text"], display_order=order)
        Loading.objects.bulk_create(
            Loading(item=item, dimension=dimensions[slug], weight=weight) for slug, weight in row["loadings"].items()
        )
        log.count("fit statement", True)
    RoleTarget.objects.bulk_create(
        RoleTarget(role=roles[slug], dimension=dimensions[dim], target=target, reason=role_data["reasons"][dim])
        for slug, role_data in data["roles"].items()
        if slug in roles
        for dim, target in role_data["targets"].items()
    )
    steps = {(step.role.slug, step.title): step for step in RoadmapStep.objects.select_related("role")}
    for order, row in enumerate(data["experiences"], start=1):
        experience = Experience.objects.create(text=row["text"], display_order=order)
        experience.steps.set(
            steps[slug, title] for slug, titles in row["steps"].items() for title in titles if (slug, title) in steps
        )
