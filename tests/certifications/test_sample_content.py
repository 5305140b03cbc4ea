import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from certifications import sample_data
from certifications.models import Certification, Provider, RoleFit, SkillDomain, SourceLink, domain_range_problem
from roles.models import Role
from tests.factories import SAMPLE_SLUGS

pytestmark = pytest.mark.django_db

ROLE_SLUGS = SAMPLE_SLUGS


def load():
    out = io.StringIO()
    call_command("load_sample_content", stdout=out)
    return out.getvalue()


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in [Provider, Certification, SkillDomain, SourceLink, RoleFit]
    }


def test_sample_content_has_every_certification_the_issue_asks_for(sample_content):
    codes = set(Certification.objects.values_list("exam_code", flat=True))
    assert {"AI-102", "AI-103", "MLA-C01", "AIF-C01", "NCA-GENL"} <= codes
    names = set(Certification.objects.values_list("name", flat=True))
    assert {
        "Professional Machine Learning Engineer",
        "Generative AI Leader",
        "Databricks Certified Generative AI Engineer Associate",
    } <= names
    assert Certification.objects.published().count() == 8


def test_ai_102_is_retired_with_ai_103_as_its_successor(sample_content):
    old = Certification.objects.get(exam_code="AI-102")
    assert old.status == "retired"
    assert old.retirement_date == datetime.date(2026, 6, 30)
    assert old.successor.exam_code == "AI-103"
    assert old.successor.status == "beta"


def test_facts_match_the_brief(sample_content):
    pmle = Certification.objects.get(slug="google-cloud-professional-ml-engineer")
    assert (pmle.price, pmle.price_note, pmle.duration_minutes) == (Decimal("200"), "plus tax", 120)
    assert (pmle.questions_min, pmle.questions_max, pmle.validity_months) == (50, 60, 24)
    mla = Certification.objects.get(exam_code="MLA-C01")
    assert (mla.questions_min, mla.question_note, mla.duration_minutes, mla.price) == (65, "50 scored", 130, 150)
    assert [(d.weight_min, d.weight_max) for d in mla.domains.all()] == [(28, 28), (26, 26), (22, 22), (24, 24)]
    ai103 = Certification.objects.get(exam_code="AI-103")
    assert ai103.price is None and ai103.duration_minutes is None  # unconfirmed in the brief
    assert ai103.domains.get(name="Generative AI and agentic solutions").weight_display == "30–35%"


def test_facts_nobody_confirmed_stay_empty(sample_content):
    assert not Certification.objects.exclude(delivery="").exists()
    assert not Certification.objects.exclude(practice_test_url="").exists()
    nvidia = Certification.objects.get(exam_code="NCA-GENL")
    assert not nvidia.domains.exists()
    assert "disagree" in nvidia.domains_note


def test_every_sample_row_passes_model_validation(sample_content):
    for model in [Provider, Certification, SkillDomain, SourceLink, RoleFit]:
        for obj in model.objects.all():
            obj.full_clean()


def test_every_certification_is_dated_and_sourced_and_its_domains_can_total_100(sample_content):
    for certification in Certification.objects.prefetch_related("domains", "sources"):
        assert certification.facts_verified_on == sample_data.COLLECTED
        assert certification.sources.all(), certification
        for source in certification.sources.all():
            assert source.url.startswith("https://") or source.url == ""
            assert source.supports
        ranges = [(d.weight_min, d.weight_max) for d in certification.domains.all()]
        assert domain_range_problem(ranges) is None, certification


def test_every_role_has_a_primary_fit_and_the_seed_mapping_holds(sample_content):
    primaries = {
        fit.role.slug: fit.certification for fit in RoleFit.objects.filter(kind="primary").select_related("role")
    }
    assert set(primaries) == set(ROLE_SLUGS)
    assert primaries["ai-engineer"].exam_code == "AI-103"
    assert primaries["ml-engineer"].slug == "google-cloud-professional-ml-engineer"
    leader = RoleFit.objects.get(role__slug="genai-developer", certification__slug="google-cloud-generative-ai-leader")
    assert leader.kind == "context"
    ai_fit = RoleFit.objects.get(role__slug="ai-engineer", kind="primary")
    assert "AI-102" in ai_fit.rationale and "30 June 2026" in ai_fit.rationale


def test_loading_twice_adds_nothing(sample_content):
    before = snapshot()
    out = load()
    assert snapshot() == before
    assert "certification: 0 created, 8 already there" in out
    assert "role fit: 0 created, 12 already there" in out


def test_loading_again_keeps_editors_changes(sample_content):
    ai102 = Certification.objects.get(exam_code="AI-102")
    ai102.price = Decimal("170")
    ai102.successor = None
    ai102.save()
    SkillDomain.objects.filter(certification=ai102, name="Generative AI").update(name="GenAI", weight_max=25)
    SourceLink.objects.filter(certification=ai102).first().delete()
    # An editor makes another certification the AI Engineer's primary pick.
    RoleFit.objects.filter(role__slug="ai-engineer").delete()
    aws = Certification.objects.get(exam_code="AIF-C01")
    RoleFit.objects.create(role=Role.objects.get(slug="ai-engineer"), certification=aws, kind="primary", rationale="X")
    before = snapshot()

    load()

    ai102.refresh_from_db()
    assert ai102.price == Decimal("170")
    assert ai102.successor is None
    assert ai102.domains.filter(name="GenAI", weight_max=25).exists()
    assert not ai102.domains.filter(name="Generative AI").exists()
    assert ai102.sources.count() == 1
    ai_primary = RoleFit.objects.get(role__slug="ai-engineer", kind="primary")
    assert ai_primary.certification == aws
    # AI-103 was not re-added as a second primary (the database would refuse it anyway).
    assert not RoleFit.objects.filter(role__slug="ai-engineer", certification__exam_code="AI-103").exists()
    assert snapshot() == before


def test_loader_adds_a_deleted_certification_back_without_touching_the_rest(sample_content):
    Certification.objects.get(exam_code="NCA-GENL").delete()
    out = load()
    assert "certification: 1 created, 7 already there" in out
    assert Certification.objects.get(exam_code="NCA-GENL").sources.count() == 1
    assert RoleFit.objects.filter(certification__exam_code="NCA-GENL").count() == 1


def test_sample_pages_all_render(client, sample_content, django_assert_num_queries):
    with django_assert_num_queries(4):
        assert client.get("/certifications/").status_code == 200
    for certification in Certification.objects.all():
        with django_assert_num_queries(5):
            response = client.get(certification.get_absolute_url())
        assert response.status_code == 200
    body = client.get("/certifications/ai-103/").content.decode()
    assert "Replaces <a" in body and "AI-102" in body
