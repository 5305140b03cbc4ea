"""Small factory functions for interview guides: each makes one valid object."""

import datetime
import itertools

from roles.interviews.models import InterviewGuide, InterviewQuestion, InterviewStage

_seq = itertools.count(1)


def make_guide(role, **fields):
    values = {
        "overview": "What the loop looks for.",
        "take_home": "**Example brief:** build a thing.",
        "is_published": True,
        "last_reviewed": datetime.date(2026, 12, 1),
    }
    values.update(fields)
    return InterviewGuide.objects.create(role=role, **values)


def make_stage(guide, **fields):
    n = next(_seq)
    values = {"order": n, "name": f"Stage {n}", "tests": "What it tests.", "detail": "How it runs."}
    values.update(fields)
    return InterviewStage.objects.create(guide=guide, **values)


def make_question(guide, skill_area, **fields):
    n = next(_seq)
    values = {
        "order": n,
        "level": InterviewQuestion.Level.JUNIOR_MID,
        "question": f"Question {n}?",
        "strong_answer": "First point\nSecond point\nThird point",
        "common_mistake": "Skipping the measurement.",
    }
    values.update(fields)
    return InterviewQuestion.objects.create(guide=guide, skill_area=skill_area, **values)
