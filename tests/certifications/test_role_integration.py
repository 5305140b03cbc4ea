"""The pieces the role and comparison pages use: the role-fits include and the first-certification row."""

import re

import pytest
from django.template.loader import render_to_string

from certifications.models import RoleFit, first_certification_row, role_fits_prefetch
from roles.models import Role
from tests.factories import make_role

from .factories import make_certification, make_fit

pytestmark = pytest.mark.django_db


def test_role_fits_include_lists_fits_primary_first_with_rationale(django_assert_num_queries):
    role = make_role(name="AI Engineer", slug="ai-engineer")
    make_fit(role, make_certification(name="Context cert"), kind=RoleFit.Kind.CONTEXT, rationale="Background.")
    primary = make_certification(name="Main cert", exam_code="AI-103", status="beta")
    make_fit(role, primary, kind=RoleFit.Kind.PRIMARY, rationale="Replaces **AI-102**.")
    make_fit(role, make_certification(name="Draft cert", is_published=False), kind=RoleFit.Kind.ALTERNATIVE)
    role = Role.objects.prefetch_related(role_fits_prefetch()).get(pk=role.pk)
    with django_assert_num_queries(0):
        html = render_to_string("certifications/includes/role_fits.html", {"role": role})
    assert html.index("Main cert") < html.index("Context cert")
    assert f'href="{primary.get_absolute_url()}">AI-103 Main cert</a>' in html
    assert "Primary pick" in html and "Useful context" in html
    assert "Replaces <strong>AI-102</strong>." in html
    assert "beta" in html
    assert "Draft cert" not in html
    assert 'href="/certifications/?role=ai-engineer">All certifications for AI Engineer</a>' in html


def test_role_fits_include_hides_unpublished_certifications_even_without_the_prefetch():
    role = make_role()
    make_fit(role, make_certification(name="Draft cert", is_published=False))
    html = render_to_string("certifications/includes/role_fits.html", {"role": role})
    assert "Draft cert" not in html


def test_role_fits_include_for_a_role_without_fits():
    html = render_to_string("certifications/includes/role_fits.html", {"role": make_role()})
    assert "No certification is mapped to this role yet." in html


def test_first_certification_row_include_renders_one_cell_per_role(django_assert_num_queries):
    ai, ml = make_role(name="AI Engineer"), make_role(name="ML Engineer")
    cert = make_certification(name="Main cert", exam_code="")
    make_fit(ai, cert, kind=RoleFit.Kind.PRIMARY)
    roles = list(Role.objects.filter(pk__in=[ai.pk, ml.pk]).prefetch_related(role_fits_prefetch()))
    with django_assert_num_queries(0):
        html = render_to_string(
            "certifications/includes/first_certification_row.html", {"cells": first_certification_row(roles)}
        )
    assert '<th scope="row">First certification</th>' in html
    assert html.count("<td ") == 2
    assert re.search(rf'<td data-role="AI Engineer">\s*<a href="{cert.get_absolute_url()}">Main cert</a>', html)
    assert "None mapped yet" in html[html.index('data-role="ML Engineer"') :]
