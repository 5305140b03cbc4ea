"""Interview preparation: the loop per lane, a take-home example and questions by level."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from roles.interviews.models import InterviewQuestion, PortfolioCriterion
from tests.factories import make_role, make_skill_area

from .factories import make_guide, make_question, make_stage

pytestmark = pytest.mark.django_db

SENIOR = InterviewQuestion.Level.SENIOR


@pytest.fixture
def guide(db):
    role = make_role(name="Forward Deployed Engineer", slug="forward-deployed-engineer")
    guide = make_guide(role, take_home="**Example brief:** triage 100 emails.")
    make_stage(guide, order=1, name="Decomposition interview", tests="Breaking a vague problem into parts.")
    make_stage(guide, order=2, name="Customer role-play", tests="Discovery under pressure.")
    area = make_skill_area(name="Customer discovery & comms")
    make_question(
        guide,
        area,
        order=1,
        question="What do you ask first?",
        strong_answer="The workflow today\nVolumes and data\nWhat success looks like",
        common_mistake="Proposing a chatbot at once.",
    )
    make_question(guide, area, order=2, level=SENIOR, question="Decompose claims processing.")
    return guide


def test_guide_page_shows_the_loop_take_home_and_questions_by_level(client, guide):
    response = client.get("/interviews/forward-deployed-engineer/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Decomposition interview" in body and "Customer role-play" in body
    assert "Breaking a vague problem into parts." in body
    assert "triage 100 emails" in body
    assert body.count("data-question ") == 2
    assert 'data-level="junior-mid"' in body and 'data-level="senior"' in body
    assert body.index("What do you ask first?") < body.index("Decompose claims processing.")
    assert "<li>Volumes and data</li>" in body and "Proposing a chatbot at once." in body
    assert "Customer discovery &amp; comms" in body


def test_list_counts_questions_per_level_and_hides_unpublished_guides(client, guide):
    hidden = make_guide(make_role(name="Hidden lane"), is_published=False)
    make_guide(make_role(name="Unpublished role", is_published=False))
    body = client.get(reverse("interviews:list")).content.decode()
    assert "Forward Deployed Engineer" in body
    assert "1 junior and mid-level question<br>1 senior question" in body
    assert str(hidden.role) not in body and "Unpublished role" not in body


def test_list_follows_the_roles_display_order(client, db):
    for order in [7, 3, 9, 1, 5, 8, 2, 6, 4]:
        make_guide(make_role(name=f"Lane {order}", display_order=order))
    body = client.get(reverse("interviews:list")).content.decode()
    assert re.findall(r">(Lane \d)</a>", body) == [f"Lane {order}" for order in range(1, 10)]


@pytest.mark.parametrize("slug", ["nobody", "hidden-lane", "no-guide", "off-role", "Forward-Deployed-Engineer"])
def test_unknown_unpublished_or_missing_guides_are_404(client, guide, slug):
    make_guide(make_role(slug="hidden-lane"), is_published=False)
    make_role(slug="no-guide")
    make_guide(make_role(slug="off-role", is_published=False))
    assert client.get(f"/interviews/{slug}/").status_code == 404


def test_editors_preview_an_unpublished_guide(editor_client, guide):
    guide.is_published = False
    guide.save()
    response = editor_client.get(guide.get_absolute_url())
    assert response.status_code == 200 and "Preview: not published." in response.content.decode()


@pytest.mark.parametrize("points", ["One\nTwo", "1\n2\n3\n4\n5\n6", ""])
def test_a_strong_answer_needs_three_to_five_points(guide, points):
    question = guide.questions.first()
    question.strong_answer = points
    with pytest.raises(ValidationError, match="3 to 5 points"):
        question.full_clean()


def test_the_level_is_one_of_the_choices_in_the_database(guide):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        InterviewQuestion.objects.filter(pk=guide.questions.first().pk).update(level="principal")


def test_interview_pages_are_cacheable_like_other_public_pages(guide, django_assert_num_queries):
    for path in ["/interviews/", "/interviews/forward-deployed-engineer/"]:
        first = Client().get(path)
        with django_assert_num_queries(0):
            second = Client().get(path)
        assert first.content == second.content and second.cookies == {}
        assert set(second["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=5"}
        assert second["ETag"] == first["ETag"]


@pytest.fixture(params=[1, 10], ids=["1x", "10x"])
def guides(request):
    """Five lanes of four stages and 15 questions at 1x; ten times as many of each at 10x."""
    scale = request.param
    areas = [make_skill_area() for _ in range(3)]
    PortfolioCriterion.objects.bulk_create(
        PortfolioCriterion(name=f"Criterion {n}", explanation="Why.", display_order=n) for n in range(5 * scale)
    )
    made = []
    for _ in range(5 * scale):
        guide = make_guide(make_role())
        for order in range(1, 4 * scale + 1):
            make_stage(guide, order=order)
        InterviewQuestion.objects.bulk_create(
            InterviewQuestion(
                guide=guide,
                order=order,
                level=SENIOR if order % 2 else InterviewQuestion.Level.JUNIOR_MID,
                question=f"Question {order}?",
                skill_area=areas[order % 3],
                strong_answer="a\nb\nc",
                common_mistake="m",
            )
            for order in range(1, 15 * scale + 1)
        )
        made.append(guide)
    return made


def test_guide_list_queries(client, guides, django_assert_num_queries):
    # The guides with their roles and counts; the portfolio standard.
    with django_assert_num_queries(2):
        response = client.get("/interviews/")
    assert response.content.decode().count('class="role-row card-role') == len(guides)


def test_guide_page_queries(client, guides, django_assert_num_queries):
    # The guide with its role, the stages, the questions with their skill areas, the portfolio standard.
    with django_assert_num_queries(4):
        response = client.get(guides[0].get_absolute_url())
    assert response.content.decode().count("data-question ") == guides[0].questions.count()


def test_guide_page_shows_the_portfolio_standard_and_a_worked_write_up(client, guide):
    PortfolioCriterion.objects.create(name="An evaluation table", explanation="Scores per version.", display_order=2)
    PortfolioCriterion.objects.create(name="A short README", explanation="Read in two minutes.", display_order=1)
    guide.portfolio_example = "### Pilot write-up\n\n| version | score |\n|---|---|\n| v1 | 38% |"
    guide.save()
    body = Client().get(guide.get_absolute_url()).content.decode()
    assert body.index("<strong>A short README.</strong>") < body.index("<strong>An evaluation table.</strong>")
    assert "<h3>Pilot write-up</h3>" in body and "<td>38%</td>" in body
    listing = Client().get(reverse("interviews:list")).content.decode()
    assert "<strong>An evaluation table.</strong> Scores per version." in listing


def test_a_guide_without_a_standard_or_write_up_leaves_the_section_out(client, guide):
    assert 'id="portfolio-heading"' not in client.get(guide.get_absolute_url()).content.decode()
