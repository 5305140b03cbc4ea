"""Loads the portfolio standard (content/portfolio.toml) and the interview guides (content/lanes/*.toml).

Creates what is missing; never overwrites a row that exists. Runs after the roles loader.
"""

import datetime

from careerhub.core import content
from roles.models import Role, SkillArea

from .models import InterviewGuide, InterviewQuestion, InterviewStage, PortfolioCriterion

LAST_REVIEWED = datetime.date(2026, 12, 4)


def load(log):
    for order, item in enumerate(content.read(__file__, "portfolio")["criteria"]):
        _, created = PortfolioCriterion.objects.get_or_create(
            name=item["name"], defaults={"explanation": item["explanation"], "display_order": order}
        )
        log.count("portfolio criterion", created)
    areas = {area.slug: area for area in SkillArea.objects.all()}
    for item in content.read_all(__file__, "lanes"):
        guide, created = InterviewGuide.objects.get_or_create(
            role=Role.objects.get(slug=item["role"]),
            defaults={
                "overview": item["overview"],
                "take_home": item["take_home"],
                "portfolio_example": item["portfolio_example"],
                "is_published": True,
                "last_reviewed": LAST_REVIEWED,
            },
        )
        log.count("interview guide", created)
        if not created:
            continue
        InterviewStage.objects.bulk_create(
            InterviewStage(guide=guide, order=order, name=stage["name"], tests=stage["tests"], detail=stage["detail"])
            for order, stage in enumerate(item["stages"], start=1)
        )
        questions = InterviewQuestion.objects.bulk_create(
            InterviewQuestion(
                guide=guide,
                order=order,
                level=question["level"],
                question=question["question"],
                skill_area=areas[question["skill"]],
                strong_answer="\n".join(question["covers"]),
                common_mistake=question["mistake"],
            )
            for order, question in enumerate(item["questions"], start=1)
        )
        for _ in questions:
            log.count("interview question", True)
