"""Small factory functions: each makes one valid object, overriding only what a test cares about."""

import datetime
import itertools

from roles.models import ComparisonDimension, CuratedComparison, DimensionCell, Role, SkillArea, SkillLevel

_seq = itertools.count(1)


def make_role(**fields):
    n = next(_seq)
    values = {
        "name": f"Role {n}",
        "slug": f"role-{n}",
        "summary": f"Summary of role {n}.",
        "description": "What the job is.",
        "optimises_for": "- Shipping",
        "typical_week": "- Building",
        "pick_if": "you like building\nyou like shipping",
        "spectrum_position": 50,
        "display_order": n,
        "is_published": True,
        "last_reviewed": datetime.date(2026, 11, 1),
    }
    values.update(fields)
    return Role.objects.create(**values)


def make_skill_area(**fields):
    n = next(_seq)
    values = {"name": f"Skill {n}", "slug": f"skill-{n}", "display_order": n}
    values.update(fields)
    return SkillArea.objects.create(**values)


def make_skill_level(role, skill_area, level=3):
    return SkillLevel.objects.create(role=role, skill_area=skill_area, level=level)


def make_dimension(**fields):
    n = next(_seq)
    values = {"name": f"Dimension {n}", "slug": f"dimension-{n}", "display_order": n}
    values.update(fields)
    return ComparisonDimension.objects.create(**values)


def make_cell(dimension, role, text="Cell text"):
    return DimensionCell.objects.create(dimension=dimension, role=role, text=text)


def make_curated_comparison(roles, **fields):
    values = {"title": "Curated", "quick_answer": "Quick answer.", "how_to_decide": "How to decide."}
    values.update(fields)
    comparison = CuratedComparison(role_key=CuratedComparison.key_for(r.slug for r in roles), **values)
    comparison.save()
    comparison.roles.set(roles)
    return comparison


def ensure_editors_group():
    """The Editors group as the migrations make it.

    Transactional tests (browser tests) flush every table, migration data included, so a later
    test may find the group gone: run the apps' "editors" data migrations again in that case.
    """
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        return group
    loader = MigrationLoader(connection)
    state_apps = loader.project_state().apps
    for (_app, name), migration in sorted(loader.disk_migrations.items()):
        if "editors" in name:
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, None)
    return Group.objects.get(name="Editors")
