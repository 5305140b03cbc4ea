"""The sample archive covers every lane, and an issue page ends with one sign-up form, its neighbours
and the roles it concerns."""

import pytest
from django.core import mail

from newsletter import emails
from newsletter.models import Course, Issue, SectionLane, WelcomeEmail
from newsletter.sample_content import COURSES, read
from roles.models import Role
from tests.factories import SAMPLE_SLUGS, make_role

from .factories import make_issue

pytestmark = pytest.mark.django_db

LANES = set(SAMPLE_SLUGS)  # every lane the sample content defines
UNSUPPORTED = [
    "Most LLM bills shrink by half",
    "adds 100 to 300 ms",
    "usually buys more answer quality than a bigger model",
]


def focus(issue):
    """The lane most of an issue's parts are marked for."""
    counts = {}
    for mark in issue.section_lanes.all():
        counts[mark.role.slug] = counts.get(mark.role.slug, 0) + 1
    return max(counts, key=counts.get)


def test_the_sample_archive_has_six_issues_and_each_lane_leads_one(sample_content):
    archive = list(Issue.objects.archived().prefetch_related("section_lanes__role"))
    assert len(archive) >= 6
    assert {focus(issue) for issue in archive} == LANES
    for issue in archive:
        marked = {mark.section for mark in issue.section_lanes.all()}
        assert marked == {name for name, _ in Issue.SECTIONS}, issue  # every part says whom it serves


def test_the_sample_archive_drops_the_unsupported_claims(sample_content):
    text = " ".join(
        getattr(issue, field) for issue in Issue.objects.all() for field in ["preheader", *issue.markdown_fields]
    )
    for claim in UNSUPPORTED:
        assert claim not in text


def test_every_lane_has_a_four_week_course_in_the_sample(sample_content):
    courses = Course.objects.prefetch_related("lessons").select_related("role")
    assert {course.role.slug for course in courses} == LANES
    for course in courses:
        assert [lesson.week for lesson in course.lessons.all()] == [1, 2, 3, 4]
        for lesson in course.lessons.all():
            assert all(text.strip() for _, text, _ in lesson.sections())
    assert len(read(COURSES)["courses"]) == 5


def test_the_welcome_email_subject_uses_the_newsletter_name(settings, db):
    settings.NEWSLETTER_NAME = "Model Notes"
    from django.core.management import call_command

    call_command("load_sample_content", stdout=__import__("io").StringIO())
    assert WelcomeEmail.objects.get().subject == "Welcome to Model Notes"


def test_issue_subjects_and_pages_use_the_newsletter_name(client, settings):
    settings.NEWSLETTER_NAME = "Model Notes"
    issue = make_issue(status=Issue.Status.SENT)
    assert emails.render_issue(issue).subject.startswith("Model Notes #")
    assert "Model Notes" in client.get(issue.get_absolute_url()).content.decode()
    assert "The Lane Change" not in client.get(issue.get_absolute_url()).content.decode()
    assert not mail.outbox


def test_an_issue_page_ends_with_one_signup_form_its_neighbours_and_its_roles(client):
    ml, fde = make_role(name="ML Engineer", slug="ml-x"), make_role(name="FDE", slug="fde-x")
    first, middle, last = (make_issue(number=n, status=Issue.Status.SENT) for n in (11, 12, 13))
    make_issue(number=14, status=Issue.Status.DRAFT)
    SectionLane.objects.create(issue=middle, section="concept", role=ml)
    SectionLane.objects.create(issue=middle, section="architecture", role=fde)
    SectionLane.objects.create(issue=middle, section="project_idea", role=ml)
    html = client.get(middle.get_absolute_url()).content.decode()
    assert html.count('action="/newsletter/subscribe/"') == 1
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html
    assert f'href="{ml.get_absolute_url()}">ML Engineer</a>' in html
    assert f'href="{fde.get_absolute_url()}">FDE</a>' in html
    end = client.get(last.get_absolute_url()).content.decode()
    assert 'rel="next"' not in end  # the draft after it is not a page


def test_an_issue_page_query_count_does_not_grow_with_its_roles(client, django_assert_num_queries):
    issue = make_issue(number=21, status=Issue.Status.SENT)
    make_issue(number=20, status=Issue.Status.SENT)
    for _ in range(5):
        role = make_role()
        for section, _ in Issue.SECTIONS:
            SectionLane.objects.create(issue=issue, section=section, role=role)
    with django_assert_num_queries(4):
        assert client.get(issue.get_absolute_url()).status_code == 200
    assert Role.objects.count() == 5
