"""Small factory functions: each makes one valid object, overriding only what a test cares about."""

import datetime
import itertools

import roles
from careerhub.core import content
from careerhub.core.permissions import EDITORS
from roles.models import (
    FAQ,
    ComparisonDimension,
    CuratedComparison,
    DimensionCell,
    ProjectIdea,
    RoadmapStep,
    Role,
    SkillArea,
    SkillLevel,
    StepResource,
)

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


def make_roadmap_step(role, **fields):
    n = next(_seq)
    values = {"order": n, "title": f"Step {n}", "body": "Do the thing.", "duration": "1 week"}
    values.update(fields)
    return RoadmapStep.objects.create(role=role, **values)


def make_project(role, skills=(), **fields):
    n = next(_seq)
    values = {"order": n, "title": f"Project {n}", "summary": "Build it.", "difficulty": "starter"}
    values.update(fields)
    project = ProjectIdea.objects.create(role=role, **values)
    project.skills.set(skills)
    return project


def make_curated_comparison(roles, **fields):
    values = {"title": "Curated", "quick_answer": "Quick answer.", "how_to_decide": "How to decide."}
    values.update(fields)
    comparison = CuratedComparison(role_key=CuratedComparison.key_for(r.slug for r in roles), **values)
    comparison.save()
    comparison.roles.set(roles)
    return comparison


def make_faq(comparison, **fields):
    n = next(_seq)
    values = {"question": f"Question {n}?", "answer": "An answer.", "display_order": n}
    values.update(fields)
    return FAQ.objects.create(comparison=comparison, **values)


def make_catalogue(roles=5, skill_areas=8, dimensions=9, steps=6, resources=2, projects=3, faqs=4):
    """A full site's worth of role content, sized by the arguments (for query-count tests).

    Every role but the first specialises the first, so its profile lists many
    specialisations; every role has a full skill profile, table row, roadmap and projects.
    """
    areas = [make_skill_area() for _ in range(skill_areas)]
    dims = [make_dimension(help_text="What this row compares.") for _ in range(dimensions)]
    made = [make_role(spectrum_position=(index * 37) % 101) for index in range(roles)]
    Role.objects.filter(pk__in=[role.pk for role in made[1:]]).update(parent=made[0])
    SkillLevel.objects.bulk_create(
        SkillLevel(role=role, skill_area=area, level=(i + j) % 6)
        for i, role in enumerate(made)
        for j, area in enumerate(areas)
    )
    DimensionCell.objects.bulk_create(
        DimensionCell(role=role, dimension=dim, text=f"{role.name} on {dim.name}.") for role in made for dim in dims
    )
    made_steps = RoadmapStep.objects.bulk_create(
        RoadmapStep(
            role=role,
            order=order,
            title=f"Step {order}",
            body="Learn **this**.",
            duration="2 weeks",
            covers="One topic\nAnother topic",
            done_when="You can show it",
        )
        for role in made
        for order in range(1, steps + 1)
    )
    StepResource.objects.bulk_create(
        StepResource(
            step=step,
            order=order,
            label=f"Resource {order}",
            url=f"https://docs.example.com/{step.pk}/{order}",
            page_title=f"Page {order}",
            checked_on=datetime.date(2026, 12, 4),
        )
        for step in made_steps
        for order in range(1, resources + 1)
    )
    ideas = ProjectIdea.objects.bulk_create(
        ProjectIdea(role=role, order=order, title=f"Project {order}", summary="Build it.", difficulty="advanced")
        for role in made
        for order in range(1, projects + 1)
    )
    ProjectIdea.skills.through.objects.bulk_create(
        ProjectIdea.skills.through(projectidea_id=idea.pk, skillarea_id=area.pk) for idea in ideas for area in areas[:3]
    )
    curated = make_curated_comparison(made[:2], title="Curated pair", is_featured=True)
    for _ in range(faqs):
        make_faq(curated)
    return made


def ensure_editors_group():
    """The Editors group as `migrate` makes it (careerhub.core.permissions).

    Transactional tests (browser tests) flush every table; Django grants the groups again after a
    flush, and this grants them once more if anything else emptied them.
    """
    from django.contrib.auth.models import Group
    from django.core.management.sql import emit_post_migrate_signal

    if not Group.objects.filter(name=EDITORS).exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    return Group.objects.get(name=EDITORS)


# The sample content's roles in display order, and comparison paths built from slugs, so that
# tests name roles by data rather than by repeating long literal lists.
SAMPLE_SLUGS = [role["slug"] for role in content.read_all(roles.__file__, "roles")]


def compare_path(*slugs):
    return "/compare/" + "-vs-".join(slugs) + "/"


# The curated comparison in the sample content: the first three roles.
CURATED_TRIO_PATH = compare_path(*SAMPLE_SLUGS[:3])
