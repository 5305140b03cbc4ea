"""Small factory functions for paths: each makes one valid object."""

import datetime
import itertools

from roles.paths.models import Background, Carryover, LanePath

_seq = itertools.count(1)


def make_background(first_lane, **fields):
    n = next(_seq)
    values = {
        "name": f"Background {n}",
        "slug": f"background-{n}",
        "summary": f"You do job {n}.",
        "first_lane": first_lane,
        "first_lane_why": "Because the work is close.",
        "first_week_task": "Build one small thing.",
        "display_order": n,
        "is_published": True,
        "last_reviewed": datetime.date(2026, 12, 1),
    }
    values.update(fields)
    return Background.objects.create(**values)


def make_lane(background, role, known=(), carries=None, gaps="- Retrieval"):
    lane = LanePath.objects.create(background=background, role=role, gaps=gaps)
    lane.known_steps.set(known)
    for area, text in (carries or {}).items():
        Carryover.objects.create(lane=lane, skill_area=area, text=text)
    return lane
