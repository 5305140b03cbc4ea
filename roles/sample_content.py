"""Loads the roles sample content from roles/content/*.toml.

Creates what is missing; never overwrites a row that exists.
"""

import datetime

from careerhub.core import content

from .models import (
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

LAST_REVIEWED = datetime.date(2026, 11, 20)


def load(log):
    skill_areas = content.read(__file__, "skill_areas")["skill_areas"]
    role_items = content.read_all(__file__, "roles")
    dimension_items = content.read(__file__, "dimensions")["dimensions"]
    comparisons = content.read(__file__, "comparisons")["comparisons"]

    areas = {}
    for order, item in enumerate(skill_areas):
        areas[item["slug"]], created = SkillArea.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "description": item["description"], "display_order": order},
        )
        log.count("skill area", created)

    roles = {}
    created_roles = set()
    for order, item in enumerate(role_items):
        role, created = Role.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "summary": item["summary"],
                "description": item["description"],
                "optimises_for": item["optimises_for"],
                "typical_week": item["typical_week"],
                "pick_if": "\n".join(item["pick_if"]),
                "also_called": "\n".join(item["also_called"]),
                "spectrum_position": item["spectrum_position"],
                "display_order": order,
                "is_published": True,
                "last_reviewed": LAST_REVIEWED,
            },
        )
        roles[item["slug"]] = role
        if created:
            created_roles.add(role.pk)
        log.count("role", created)

    for item in role_items:
        role = roles[item["slug"]]
        if item.get("parent") and role.pk in created_roles:
            # Parents link roles to each other, so they are set once all roles exist.
            role.parent = roles[item["parent"]]
            role.save(update_fields=["parent", "updated_at"])
        for skill_slug, level in item["skill_levels"].items():
            _, created = SkillLevel.objects.get_or_create(
                role=role, skill_area=areas[skill_slug], defaults={"level": level}
            )
            log.count("skill level", created)
        for order, step in enumerate(item["roadmap"], start=1):
            roadmap_step, created = RoadmapStep.objects.get_or_create(
                role=role,
                order=order,
                defaults={
                    "title": step["title"],
                    "body": step["body"],
                    "duration": step["duration"],
                    "hours": step["hours"],
                    "covers": "\n".join(step.get("covers", [])),
                    "done_when": "\n".join(step.get("done_when", [])),
                },
            )
            log.count("roadmap step", created)
            for resource_order, resource in enumerate(step.get("resources", []), start=1):
                _, created = StepResource.objects.get_or_create(
                    step=roadmap_step,
                    url=resource["url"],
                    defaults={
                        "order": resource_order,
                        "label": resource["label"],
                        "kind": resource["kind"],
                        "page_title": resource["page_title"],
                        "checked_on": resource["checked_on"],
                    },
                )
                log.count("step resource", created)
        for order, project in enumerate(item["projects"], start=1):
            idea, created = ProjectIdea.objects.get_or_create(
                role=role,
                order=order,
                defaults={
                    "title": project["title"],
                    "summary": project["summary"],
                    "difficulty": project["difficulty"],
                },
            )
            if created:
                idea.skills.set([areas[slug] for slug in project["skills"]])
            log.count("project idea", created)

    dimensions = {}
    for order, item in enumerate(dimension_items):
        dimensions[item["slug"]], created = ComparisonDimension.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "help_text": item["help_text"], "display_order": order},
        )
        log.count("comparison dimension", created)
    for item in dimension_items:
        for role_slug, text in item["cells"].items():
            _, created = DimensionCell.objects.get_or_create(
                dimension=dimensions[item["slug"]], role=roles[role_slug], defaults={"text": text}
            )
            log.count("dimension cell", created)

    for item in comparisons:
        key = CuratedComparison.key_for(item["roles"])
        featured_taken = CuratedComparison.objects.filter(is_featured=True).exists()
        comparison, created = CuratedComparison.objects.get_or_create(
            role_key=key,
            defaults={
                "title": item["title"],
                "quick_answer": item["quick_answer"],
                "how_to_decide": item["how_to_decide"],
                "is_featured": item["featured"] and not featured_taken,
            },
        )
        if created:
            comparison.roles.set([roles[slug] for slug in item["roles"]])
            for order, faq in enumerate(item["faqs"]):
                FAQ.objects.create(
                    comparison=comparison, question=faq["question"], answer=faq["answer"], display_order=order
                )
        log.count("curated comparison", created)
