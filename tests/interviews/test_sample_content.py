"""The sample interview guides: every lane, at least 15 questions over two levels, FDE's special rounds."""

import pytest

from roles.interviews.models import MAX_POINTS, MIN_POINTS, InterviewGuide, PortfolioCriterion
from roles.models import Role

pytestmark = pytest.mark.django_db

# The standard's parts, as each worked write-up heads them ("|---|" is the evaluation table).
WRITE_UP_PARTS = ["README in two minutes", "Evaluation.", "|---|", "Design note.", "Cost and latency", "Limits"]


def test_every_published_role_has_a_guide_with_15_questions_over_both_levels(sample_content):
    guides = InterviewGuide.objects.published().with_counts()
    assert {guide.role.slug for guide in guides} == set(Role.objects.published().values_list("slug", flat=True))
    for guide in guides:
        assert guide.junior_mid_count + guide.senior_count >= 15, guide
        assert guide.junior_mid_count >= 5 and guide.senior_count >= 5, guide


def test_every_question_is_complete_and_has_three_to_five_points(sample_content):
    for guide in InterviewGuide.objects.with_loop():
        assert guide.stages.all() and "Example brief" in guide.take_home
        for question in guide.questions.all():
            question.full_clean()
            assert MIN_POINTS <= len(question.points) <= MAX_POINTS
            assert question.common_mistake and question.skill_area_id


def test_forward_deployed_engineers_prepare_for_decomposition_and_a_customer_role_play(client, sample_content):
    body = client.get("/interviews/forward-deployed-engineer/").content.decode()
    assert "Decomposition interview" in body and "Customer role-play" in body


def test_every_lane_has_a_worked_write_up_meeting_the_standard_and_an_advanced_project(sample_content):
    assert PortfolioCriterion.objects.count() == 5
    for guide in InterviewGuide.objects.select_related("role"):
        example = guide.portfolio_example
        for part in WRITE_UP_PARTS:
            assert part in example, (guide, part)
        assert guide.role.projects.filter(difficulty="advanced").exists(), guide
