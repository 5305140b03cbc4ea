"""Loads the paths sample content from roles/paths/content/backgrounds/*.toml.

Creates what is missing; never overwrites a row that exists. Runs after the roles loader: a
path names lanes by role slug, skill areas by slug and known roadmap steps by their order.
"""

import datetime

from careerhub.core import content
from roles.models import RoadmapStep, Role, SkillArea

from .models import Background, Carryover, LanePath

LAST_REVIEWED = datetime.date(2026, 12, 4)


def load(log):
    roles = {role.slug: role for role in Role.objects.all()}
    areas = {area.slug: area for area in SkillArea.objects.all()}
    steps = {(step.role_id, step.order): step for step in RoadmapStep.objects.all()}
    for order, item in enumerate(content.read_all(__file__, "backgrounds")):
        background, created = Background.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "summary": item["summary"],
                "first_lane": roles[item["first_lane"]],
                "first_lane_why": item["first_lane_why"],
                "first_week_task": item["first_week_task"],
                "display_order": order,
                "is_published": True,
                "last_reviewed": LAST_REVIEWED,
            },
        )
        log.count("background", created)
        for role_slug, lane_item in item["lanes"].items():
            role = roles[role_slug]
            lane, created = LanePath.objects.get_or_create(
                background=background, role=role, defaults={"gaps": lane_item["gaps"]}
            )
            log.count("lane from a background", created)
            if not created:
                continue
            lane.known_steps.set([steps[role.pk, number] for number in lane_item["known"]])
            Carryover.objects.bulk_create(
                Carryover(lane=lane, skill_area=areas[slug], text=text) for slug, text in lane_item["carries"].items()
            )
