"""The pieces the role and comparison pages use: the role-fits include and the first-certification row."""

import datetime
import re

import pytest
from django.template.loader import render_to_string

from certifications.models import RoleFit, first_certification_row, fits_with_coverage, role_fits_prefetch
from roles.models import Role
from tests.factories import make_role, make_skill_area, make_skill_level

from .factories import make_certification, make_domain, make_fit

pytestmark = pytest.mark.django_db


def render_fits(role):
    context = {"role": role, "fits": fits_with_coverage(role)}
    return render_to_string("certifications/includes/role_fits.html", context)


def loaded(role):
    return Role.objects.with_skills().prefetch_related(role_fits_prefetch(with_coverage=True)).get(pk=role.pk)


def test_role_fits_include_lists_fits_primary_first_with_rationale_and_coverage(django_assert_num_queries):
    role = make_role(name="AI Engineer", slug="ai-engineer")
    retrieval, training = make_skill_area(name="Retrieval"), make_skill_area(name="Training")
    make_skill_level(role, retrieval, 3)
    make_skill_level(role, training, 1)
    make_fit(role, make_certification(name="Context cert"), kind=RoleFit.Kind.CONTEXT, rationale="Background.")
    primary = make_certification(name="Main cert", exam_code="AI-103", beta_from=datetime.date(2026, 4, 21))
    make_domain(primary, weight=(100, 100), areas=[retrieval])
    make_fit(role, primary, kind=RoleFit.Kind.PRIMARY, rationale="Replaces **AI-102**.", from_sources=True)
    make_fit(role, make_certification(name="Draft cert", is_published=False), kind=RoleFit.Kind.ALTERNATIVE)
    make_fit(role, make_certification(name="Gone cert", retires_on=datetime.date(2026, 6, 30)))
    role = loaded(role)
    with django_assert_num_queries(0):
        html = render_fits(role)
    assert html.index("Main cert") < html.index("Context cert")
    assert f'href="{primary.get_absolute_url()}">AI-103 Main cert</a>' in html
    assert "Primary pick" in html and "Useful context" in html
    assert "Replaces <strong>AI-102</strong>." in html
    assert "beta" in html
    assert "AI-103 covers <strong>75%</strong> of AI Engineer's skill profile; not covered: Training." in html
    assert "the exam's own pages name this role" in html and "our editors' judgement" in html
    assert "Draft cert" not in html and "Gone cert" not in html
    assert 'href="/certifications/?role=ai-engineer">All certifications for AI Engineer</a>' in html


def test_a_fit_retiring_soon_carries_a_warning():
    role = make_role()
    make_fit(role, make_certification(retires_on=datetime.date.today() + datetime.timedelta(days=40)))
    assert "book soon or pick its replacement" in render_fits(loaded(role))


def test_role_fits_include_for_a_role_without_fits():
    assert "No current certification is mapped to this role yet." in render_fits(loaded(make_role()))


def test_first_certification_row_include_renders_one_cell_per_role(django_assert_num_queries):
    ai, ml = make_role(name="AI Engineer"), make_role(name="ML Engineer")
    area = make_skill_area(name="Retrieval")
    make_skill_level(ai, area, 2)
    make_skill_level(ai, make_skill_area(name="Maths"), 2)
    cert = make_certification(name="Main cert", exam_code="")
    make_domain(cert, weight=(100, 100), areas=[area])
    make_fit(ai, cert, kind=RoleFit.Kind.PRIMARY)
    roles = list(
        Role.objects.filter(pk__in=[ai.pk, ml.pk])
        .with_skills()
        .prefetch_related(role_fits_prefetch(with_coverage=True))
    )
    with django_assert_num_queries(0):
        html = render_to_string(
            "certifications/includes/first_certification_row.html", {"cells": first_certification_row(roles)}
        )
    assert '<th scope="row">First certification</th>' in html
    assert html.count("<td ") == 2
    assert re.search(rf'<td data-role="AI Engineer">\s*<a href="{cert.get_absolute_url()}">Main cert</a>', html)
    assert "Covers 50% of this role; not covered: Maths" in html
    assert "No current pick" in html[html.index('data-role="ML Engineer"') :]
