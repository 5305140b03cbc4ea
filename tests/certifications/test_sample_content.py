import io

import pytest
from django.core.management import call_command

from certifications.models import (
    Certification,
    DomainWeight,
    Fact,
    Provider,
    RoleFit,
    SkillDomain,
    SourceLink,
    Status,
    coverage,
)
from roles.models import Role
from tests.factories import SAMPLE_SLUGS

pytestmark = pytest.mark.django_db

MODELS = [Provider, Certification, SourceLink, Fact, SkillDomain, DomainWeight, RoleFit]


def load():
    out = io.StringIO()
    call_command("load_sample_content", stdout=out)
    return out.getvalue()


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


def test_nine_certifications_including_ai_200(sample_content):
    assert Certification.objects.published().count() == 9
    ai200 = Certification.objects.get(slug="ai-200")
    assert (ai200.exam_code, ai200.name) == ("AI-200", "Azure AI Cloud Developer Associate")
    assert ai200.status == Status.AVAILABLE


def test_statuses_follow_from_the_dates(sample_content):
    statuses = {c.slug: c.status for c in Certification.objects.all()}
    assert statuses["ai-102"] == Status.RETIRED
    assert statuses["ai-103"] == Status.BETA
    assert {slug for slug, status in statuses.items() if status == Status.AVAILABLE} == {
        "ai-200",
        "aws-ai-practitioner",
        "aws-machine-learning-engineer-associate",
        "databricks-generative-ai-engineer-associate",
        "google-cloud-generative-ai-leader",
        "google-cloud-professional-ml-engineer",
        "nvidia-nca-genl",
    }
    assert Certification.objects.get(slug="ai-102").successor.slug == "ai-103"


def test_vendor_level_names(sample_content):
    levels = dict(Certification.objects.values_list("slug", "level"))
    assert levels["google-cloud-generative-ai-leader"] == "foundational"
    assert levels["aws-ai-practitioner"] == "foundational"


def test_every_certification_links_its_official_page_and_no_source_is_a_home_page(sample_content):
    for certification in Certification.objects.prefetch_related("sources"):
        assert certification.official_page, certification
        for source in certification.sources.all():
            source.full_clean()  # refuses home pages
            assert source.check_result == SourceLink.Check.NOT_CHECKED


def test_every_fact_names_a_source_of_its_own_certification_and_nobody_claims_a_check(sample_content):
    for fact in Fact.objects.select_related("source"):
        fact.full_clean()
        assert fact.checked_on is None and fact.checked_by == ""
    for weight in DomainWeight.objects.select_related("domain", "source"):
        weight.full_clean()


def test_the_two_conflicts_show_both_values(sample_content):
    ai103 = Certification.objects.with_domains().get(slug="ai-103")
    generative = next(d for d in ai103.domains.all() if d.name == "Generative AI and agentic solutions")
    row = generative.weight_row()
    assert row.disagree and {c.value for c in row.shown} == {"30–35%", "35–40%"}
    ai200 = Certification.objects.prefetch_related("facts").get(slug="ai-200")
    duration = next(r for r in ai200.fact_rows() if r.kind == Fact.Kind.DURATION)
    assert duration.disagree and len(duration.shown) == 2


def test_fits_follow_the_editorial_rules(sample_content):
    primaries = {fit.role.slug: fit for fit in RoleFit.objects.filter(kind="primary").select_related("role")}
    assert set(primaries) == set(SAMPLE_SLUGS)
    assert primaries["ai-engineer"].certification.slug == "ai-103" and primaries["ai-engineer"].from_sources
    assert primaries["ml-engineer"].certification.slug == "google-cloud-professional-ml-engineer"
    leader = RoleFit.objects.get(role__slug="genai-developer", certification__slug="google-cloud-generative-ai-leader")
    assert leader.kind == "context" and leader.from_sources
    assert RoleFit.objects.filter(from_sources=True).count() == 4  # the seeds' three links, AI-102 kept for history
    for fit in RoleFit.objects.select_related("certification"):
        fit.full_clean()  # a foundational or retired exam is never a primary pick
        assert fit.rationale
    for fit in primaries.values():
        # One concrete sentence: no full stop before the end (figures such as 30–35% are fine).
        assert fit.rationale.endswith(".") and ". " not in fit.rationale, fit


def test_loading_twice_adds_nothing(sample_content):
    before = snapshot()
    out = load()
    assert snapshot() == before
    assert "certification: 0 created, 9 already there" in out
    assert "role fit: 0 created, 14 already there" in out


def test_loading_again_keeps_editors_changes(sample_content):
    ai102 = Certification.objects.get(slug="ai-102")
    ai102.successor = None
    ai102.save()
    Fact.objects.filter(certification=ai102, kind="price").update(value="USD 170")
    SkillDomain.objects.filter(certification=ai102, name="Generative AI").update(name="GenAI")
    RoleFit.objects.filter(role__slug="ai-engineer").delete()
    aws = Certification.objects.get(slug="aws-machine-learning-engineer-associate")
    RoleFit.objects.create(role=Role.objects.get(slug="ai-engineer"), certification=aws, kind="primary", rationale="X")
    before = snapshot()

    load()

    ai102.refresh_from_db()
    assert ai102.successor is None
    assert ai102.facts.get(kind="price").value == "USD 170"
    assert ai102.domains.filter(name="GenAI").exists() and not ai102.domains.filter(name="Generative AI").exists()
    assert RoleFit.objects.get(role__slug="ai-engineer", kind="primary").certification == aws
    assert snapshot()["RoleFit"] != before["RoleFit"]  # the non-primary fits came back
    assert {k: v for k, v in snapshot().items() if k != "RoleFit"} == {
        k: v for k, v in before.items() if k != "RoleFit"
    }


def test_loader_adds_a_deleted_certification_back_with_its_claims(sample_content):
    Certification.objects.get(slug="ai-200").delete()
    out = load()
    assert "certification: 1 created, 8 already there" in out
    ai200 = Certification.objects.get(slug="ai-200")
    assert ai200.sources.count() == 4 and ai200.facts.count() == 6 and ai200.domains.count() == 4


def test_coverage_table(sample_content):
    roles = list(Role.objects.published().with_skills())
    table = {
        certification.slug: {role.slug: coverage(certification, role).percent for role in roles}
        for certification in Certification.objects.with_domains()
    }
    assert table["ai-103"]["ai-engineer"] == 68
    assert table["google-cloud-professional-ml-engineer"]["ml-engineer"] is None  # no domain weights yet
    assert table["aws-machine-learning-engineer-associate"]["ml-engineer"] == 91


def test_sample_pages_all_render(client, sample_content):
    for certification in Certification.objects.all():
        assert client.get(certification.get_absolute_url()).status_code == 200
    body = client.get("/certifications/ai-103/").content.decode()
    assert "Replaces <a" in body and "AI-102" in body
    assert body.count("Sources disagree") == 1
    assert "not yet checked against it" in body
    body = client.get("/certifications/ai-102/").content.decode()
    assert "Not mapped to any role yet" not in body
    assert "has taken its place" in body
    assert "No longer possible: retired on 30 June 2026." in body
