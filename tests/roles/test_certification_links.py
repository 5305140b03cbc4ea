"""The role and comparison pages show the certifications the certifications app maps to each role."""

import datetime

import pytest

from certifications.models import RoleFit
from tests.certifications.factories import make_certification, make_fit
from tests.factories import make_cell, make_dimension, make_role

pytestmark = pytest.mark.django_db


def test_role_profile_lists_fitting_certifications_primary_first(client):
    role = make_role(name="ML Engineer", slug="ml-engineer")
    context_cert = make_certification(name="Context Cert")
    primary_cert = make_certification(name="Primary Cert")
    hidden_cert = make_certification(name="Hidden Cert", is_published=False)
    make_fit(role, context_cert, kind=RoleFit.Kind.CONTEXT)
    make_fit(role, primary_cert, kind=RoleFit.Kind.PRIMARY)
    make_fit(role, hidden_cert, kind=RoleFit.Kind.ALTERNATIVE)

    html = client.get(role.get_absolute_url()).content.decode()

    assert "Certifications that fit" in html
    assert html.index("Primary Cert") < html.index("Context Cert")
    assert primary_cert.get_absolute_url() in html
    assert "Hidden Cert" not in html


def test_a_retired_certification_is_never_recommended_on_role_or_comparison_pages(client):
    ai = make_role(name="AI Engineer", slug="ai-engineer", display_order=1)
    make_role(name="ML Engineer", slug="ml-engineer", display_order=2)
    retired = make_certification(name="Retired Cert", retires_on=datetime.date(2026, 6, 30))
    make_fit(ai, retired, kind=RoleFit.Kind.ALTERNATIVE)
    RoleFit.objects.filter(role=ai).update(kind=RoleFit.Kind.PRIMARY)  # as if it were picked before it retired
    assert "Retired Cert" not in client.get(ai.get_absolute_url()).content.decode()
    html = client.get("/compare/ai-engineer-vs-ml-engineer/").content.decode()
    assert "Retired Cert" not in html


def test_role_profile_without_certifications_says_so(client):
    role = make_role()
    assert b"No current certification is mapped to this role yet." in client.get(role.get_absolute_url()).content


def test_comparison_has_a_first_certification_row_before_the_starter_project(client):
    ai = make_role(name="AI Engineer", slug="ai-engineer", display_order=1)
    ml = make_role(name="ML Engineer", slug="ml-engineer", display_order=2)
    make_cell(make_dimension(name="Main focus", slug="main-focus", display_order=1), ai)
    make_cell(make_dimension(name="Starter project", slug="starter-project", display_order=2), ai)
    make_fit(ml, make_certification(name="Google ML Engineer"), kind=RoleFit.Kind.PRIMARY)

    html = client.get("/compare/ai-engineer-vs-ml-engineer/").content.decode()

    assert html.index("Main focus") < html.index("First certification") < html.index("Starter project")
    assert "Google ML Engineer" in html
    assert '<td data-role="AI Engineer">' in html and "No current pick" in html


def test_first_certification_row_comes_last_without_a_starter_project_row(client):
    make_role(slug="first", display_order=1)
    make_role(slug="second", display_order=2)
    make_cell(make_dimension(name="Tools"), make_role(slug="third", display_order=3))

    html = client.get("/compare/first-vs-second/").content.decode()

    assert html.count('class="first-certification-row"') == 1
