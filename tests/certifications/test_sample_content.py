import datetime
import io
from collections import Counter
from urllib.parse import urlsplit

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

from .test_detail import fact_cells

pytestmark = pytest.mark.django_db

MODELS = [Provider, Certification, SourceLink, Fact, SkillDomain, DomainWeight, RoleFit]


def load():
    out = io.StringIO()
    call_command("load_sample_content", stdout=out)
    return out.getvalue()


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


CHECKED = datetime.date(2026, 12, 4)


def test_eleven_certifications_including_aip_c01_and_ab_100(sample_content):
    assert Certification.objects.published().count() == 11
    aip = Certification.objects.get(slug="aws-generative-ai-developer-professional")
    assert (aip.exam_code, aip.level, aip.status) == ("AIP-C01", "professional", Status.AVAILABLE)
    ab100 = Certification.objects.get(slug="ab-100")
    assert (ab100.exam_code, ab100.level, ab100.status) == ("AB-100", "expert", Status.AVAILABLE)


def test_statuses_follow_from_the_dates(sample_content):
    statuses = {c.slug: c.status for c in Certification.objects.all()}
    assert statuses["ai-102"] == Status.RETIRED
    assert statuses["ai-103"] == Status.BETA
    assert {slug for slug, status in statuses.items() if status == Status.AVAILABLE} == set(statuses) - {
        "ai-102",
        "ai-103",
    }
    assert Certification.objects.get(slug="ai-102").successor.slug == "ai-103"


def test_one_level_name_per_tier_as_each_provider_words_it(sample_content):
    levels = {c.slug: (c.level, c.level_name) for c in Certification.objects.select_related("provider")}
    assert levels["google-cloud-generative-ai-leader"] == ("foundational", "Foundational")
    assert levels["aws-ai-practitioner"] == ("foundational", "Foundational")
    assert Provider.objects.get(slug="microsoft").entry_level_name == "Fundamentals"


def test_every_certification_links_its_official_page_and_no_source_is_a_home_page(sample_content):
    for certification in Certification.objects.prefetch_related("sources"):
        assert certification.official_page, certification
        for source in certification.sources.all():
            source.full_clean()  # refuses home pages
            assert source.check_result == SourceLink.Check.NOT_CHECKED


def claims():
    return [
        *Fact.objects.select_related("source", "certification"),
        *DomainWeight.objects.select_related("source", "domain"),
    ]


def test_every_fact_names_a_deep_page_of_its_own_certification_with_a_checked_date_and_a_quotation(sample_content):
    for claim in claims():
        claim.full_clean()  # the source belongs to the same certification and is not a home page
        url = urlsplit(claim.source.url)
        assert url.path.strip("/") or url.query, claim
        assert claim.checked_on == CHECKED, claim
        assert len(claim.quotation) >= 8, claim


def test_every_quotation_contains_its_figure(sample_content):
    with_figure = [claim for claim in claims() if claim.figure]
    assert len(with_figure) > 100
    for claim in with_figure:
        assert claim.figure in claim.quotation, claim


def test_figures_from_third_party_pages_are_not_credited_to_the_vendor(sample_content):
    """The issue: AIF-C01, Databricks, Generative AI Leader and NCA-GENL figures all came from third parties."""
    for slug in [
        "aws-ai-practitioner",
        "databricks-generative-ai-engineer-associate",
        "google-cloud-generative-ai-leader",
        "nvidia-nca-genl",
    ]:
        prices = Fact.objects.filter(certification__slug=slug, kind=Fact.Kind.PRICE).select_related("source")
        assert prices and all(not fact.source.is_official for fact in prices), slug
    # No fact rests on the official page itself: none of those pages could be read.
    assert not Fact.objects.filter(source__kind=SourceLink.Kind.OFFICIAL_PAGE).exists()
    # AI-102's figures came from an article about AI-103; now they come from pages about AI-102.
    assert not SourceLink.objects.filter(certification__slug="ai-102", url__contains="ai-103-practice").exists()
    assert "same Azure AI services" not in Certification.objects.get(slug="ai-102").description


def test_facts_no_page_holds_are_not_published(sample_content):
    missing = [("ai-103", "price"), ("ai-200", "price"), ("ai-200", "renewal"), ("nvidia-nca-genl", "languages")]
    for slug, kind in missing:
        assert not Fact.objects.filter(certification__slug=slug, kind=kind).exists(), (slug, kind)


@pytest.mark.parametrize(
    ("slug", "label", "values"),
    [
        ("aws-machine-learning-engineer-associate", "Exam length", {"130 minutes", "170 minutes"}),
        ("google-cloud-generative-ai-leader", "Exam length", {"90 minutes", "120 minutes"}),
        ("nvidia-nca-genl", "Price", {"USD 125", "USD 135"}),
        ("aws-generative-ai-developer-professional", "Questions", {"75 (65 scored, 10 unscored)", "85"}),
    ],
)
def test_an_exam_whose_sources_disagree_shows_both_values_with_their_sources(
    client, sample_content, slug, label, values
):
    certification = Certification.objects.with_details().get(slug=slug)
    row = next(row for row in certification.fact_rows() if row.label == label)
    assert row.disagree and {claim.value for claim in row.shown} == values
    body = client.get(certification.get_absolute_url()).content.decode()
    cell = fact_cells(body)[label]
    assert "Sources disagree" in cell
    for claim in row.shown:
        assert claim.value in cell and claim.source.url in cell.replace("&amp;", "&")


def test_the_ai_103_weight_conflict_shows_both_values(sample_content):
    ai103 = Certification.objects.with_domains().get(slug="ai-103")
    generative = next(d for d in ai103.domains.all() if d.name == "Implement generative AI and agentic solutions")
    row = generative.weight_row()
    assert row.disagree and {c.value for c in row.shown} == {"30–35%", "35–40%"}


def test_the_ai_103_target_month_has_passed_and_no_longer_shows(client, sample_content):
    ai103 = Certification.objects.get(slug="ai-103")
    assert ai103.available_target == datetime.date(2026, 6, 1)
    assert ai103.target_month(today=datetime.date(2026, 6, 30)) == ai103.available_target
    assert ai103.target_month(today=datetime.date(2026, 7, 1)) is None
    body = client.get(ai103.get_absolute_url()).content.decode()
    assert "In beta since 21 April 2026" in body
    assert "targeted for" not in body and "general availability in June 2026" not in body


def test_fits_follow_the_editorial_rules(sample_content):
    primaries = {fit.role.slug: fit for fit in RoleFit.objects.filter(kind="primary").select_related("role")}
    assert set(primaries) == set(SAMPLE_SLUGS)
    assert primaries["ml-engineer"].certification.slug == "google-cloud-professional-ml-engineer"
    assert primaries["ml-engineer"].from_sources
    seed = RoleFit.objects.get(role__slug="ai-engineer", certification__slug="ai-103")
    assert seed.from_sources and seed.kind == "alternative"  # beta, no price: never a first pick
    leader = RoleFit.objects.get(role__slug="genai-developer", certification__slug="google-cloud-generative-ai-leader")
    assert leader.kind == "context" and leader.from_sources
    assert RoleFit.objects.filter(from_sources=True).count() == 4  # the seeds' three links, AI-102 kept for history
    for fit in RoleFit.objects.select_related("certification"):
        fit.full_clean()  # a foundational, beta, unpriced or retired exam is never a primary pick
        assert fit.rationale
    for fit in primaries.values():
        # One concrete sentence: no full stop before the end (figures such as 30–35% are fine).
        assert fit.rationale.endswith(".") and ". " not in fit.rationale, fit
        assert fit.certification.status == Status.AVAILABLE
        assert fit.certification.facts.filter(kind="price").exists()
    per_provider = Counter(fit.certification.provider_id for fit in primaries.values())
    assert max(per_provider.values()) <= 2


def test_loading_twice_adds_nothing(sample_content):
    before = snapshot()
    out = load()
    assert snapshot() == before
    assert "certification: 0 created, 11 already there" in out
    assert "role fit: 0 created, 18 already there" in out


def test_loading_again_keeps_editors_changes(sample_content):
    ai102 = Certification.objects.get(slug="ai-102")
    ai102.successor = None
    ai102.save()
    Fact.objects.filter(certification=ai102, kind="price", source__label__contains="open-exam-prep").update(
        value="USD 170"
    )
    SkillDomain.objects.filter(certification=ai102, name="Implement an agentic solution").update(name="GenAI")
    RoleFit.objects.filter(role__slug="ai-engineer").delete()
    aws = Certification.objects.get(slug="aws-machine-learning-engineer-associate")
    RoleFit.objects.create(role=Role.objects.get(slug="ai-engineer"), certification=aws, kind="primary", rationale="X")
    before = snapshot()

    load()

    ai102.refresh_from_db()
    assert ai102.successor is None
    assert ai102.facts.filter(kind="price", value="USD 170").exists()
    assert ai102.domains.filter(name="GenAI").exists()
    assert RoleFit.objects.get(role__slug="ai-engineer", kind="primary").certification == aws
    assert snapshot()["RoleFit"] != before["RoleFit"]  # the non-primary fits came back
    assert {k: v for k, v in snapshot().items() if k != "RoleFit"} == {
        k: v for k, v in before.items() if k != "RoleFit"
    }


def test_loader_adds_a_deleted_certification_back_with_its_claims(sample_content):
    Certification.objects.get(slug="ai-200").delete()
    out = load()
    assert "certification: 1 created, 10 already there" in out
    ai200 = Certification.objects.get(slug="ai-200")
    assert ai200.sources.count() == 5 and ai200.facts.count() == 7 and ai200.domains.count() == 4
    assert set(ai200.facts.values_list("checked_on", flat=True)) == {CHECKED}


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
    assert body.count("Sources disagree") == 2  # exam length, and the generative AI domain's weight
    checked = '<time datetime="2026-12-04">4 December 2026</time>'
    assert f"Facts checked on {checked} against 5 sources (0 official)" in body
    assert "ot yet checked" not in body
    body = client.get("/certifications/ai-102/").content.decode()
    assert "Not mapped to any role yet" not in body
    assert "has taken its place" in body
    assert "No longer possible: retired on 30 June 2026." in body
    assert "Official page at Microsoft" not in body and "coverage-table" not in body
    assert "how much of each role AI-103 covers</a>" in body
