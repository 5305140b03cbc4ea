import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certifications.models import (
    RETIRING_SOON_DAYS,
    Certification,
    Fact,
    RoleFit,
    SourceLink,
    Status,
    coverage,
    first_certification_row,
    role_fits_prefetch,
)
from roles.models import Role
from tests.factories import make_role, make_skill_area, make_skill_level

from .factories import (
    make_certification,
    make_domain,
    make_fact,
    make_fit,
    make_provider,
    make_source,
    make_weight,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# One primary per role, enforced by the database.


def test_a_role_cannot_have_two_primary_certifications():
    role = make_role()
    make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY)
    integrity_error(lambda: make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY))


def test_a_role_can_have_one_primary_and_many_other_fits():
    role = make_role()
    make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY)
    make_fit(role, make_certification(), kind=RoleFit.Kind.ALTERNATIVE)
    make_fit(role, make_certification(), kind=RoleFit.Kind.ALTERNATIVE)
    make_fit(role, make_certification(), kind=RoleFit.Kind.CONTEXT)
    assert role.certification_fits.count() == 4


def test_two_roles_can_share_a_primary_certification():
    certification = make_certification()
    make_fit(make_role(), certification, kind=RoleFit.Kind.PRIMARY)
    make_fit(make_role(), certification, kind=RoleFit.Kind.PRIMARY)
    assert certification.role_fits.count() == 2


def test_a_certification_fits_a_role_only_once():
    role, certification = make_role(), make_certification()
    make_fit(role, certification, kind=RoleFit.Kind.CONTEXT)
    integrity_error(lambda: make_fit(role, certification, kind=RoleFit.Kind.ALTERNATIVE))


def test_a_second_primary_is_a_validation_error_before_it_reaches_the_database():
    role = make_role()
    make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY)
    priced = make_certification()
    make_fact(priced, Fact.Kind.PRICE, "USD 150")
    fit = RoleFit(role=role, certification=priced, kind=RoleFit.Kind.PRIMARY, rationale="Why.")
    with pytest.raises(ValidationError, match="already has a primary certification"):
        fit.full_clean()


@pytest.mark.parametrize("kind", ["best", "", "PRIMARY"])
def test_fit_kind_outside_the_choices_is_refused_by_the_database(kind):
    role, certification = make_role(), make_certification()
    integrity_error(lambda: RoleFit.objects.create(role=role, certification=certification, kind=kind, rationale="x"))


# Certification integrity.


@pytest.mark.parametrize(
    "fields",
    [
        {"level": "guru"},
        {"level": "leader"},
        {"beta_from": datetime.date(2026, 5, 1), "available_from": datetime.date(2026, 4, 1)},
        {"available_from": datetime.date(2026, 7, 1), "retires_on": datetime.date(2026, 7, 1)},
    ],
    ids=lambda fields: ",".join(f"{k}={v}" for k, v in fields.items()),
)
def test_database_refuses_inconsistent_certifications(fields):
    provider = make_provider()
    integrity_error(lambda: make_certification(provider=provider, **fields))


def test_only_a_certification_with_a_retirement_date_has_a_successor():
    successor = make_certification()
    integrity_error(lambda: make_certification(successor=successor))
    retired = make_certification(retires_on=datetime.date(2026, 6, 30), successor=successor)
    assert list(successor.predecessors.all()) == [retired]


def test_a_certification_cannot_succeed_itself():
    certification = make_certification(retires_on=datetime.date(2026, 6, 30))
    certification.successor = certification
    with pytest.raises(ValidationError):
        certification.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        certification.save()


def test_exam_codes_are_unique_per_provider_but_may_be_empty():
    provider = make_provider()
    make_certification(provider=provider, exam_code="AI-102")
    make_certification(provider=make_provider(), exam_code="AI-102")
    make_certification(provider=provider, exam_code="")
    make_certification(provider=provider, exam_code="")
    integrity_error(lambda: make_certification(provider=provider, exam_code="AI-102"))


# Lifecycle: the status follows from the dates, in Python and in SQL alike.

LIFECYCLES = [
    ({}, Status.AVAILABLE),
    ({"beta_from": days(10)}, Status.ANNOUNCED),
    ({"beta_from": days(-10)}, Status.BETA),
    ({"beta_from": days(-10), "available_from": days(5)}, Status.BETA),
    ({"beta_from": days(-100), "available_from": days(-5)}, Status.AVAILABLE),
    ({"available_from": days(3)}, Status.ANNOUNCED),
    ({"available_from": days(0)}, Status.AVAILABLE),
    ({"retires_on": days(200)}, Status.RETIRING),
    ({"retires_on": days(1)}, Status.RETIRING),
    ({"retires_on": days(0)}, Status.RETIRED),
    ({"beta_from": days(-300), "retires_on": days(-1)}, Status.RETIRED),
]


@pytest.mark.parametrize(("dates", "status"), LIFECYCLES, ids=[str(status) + str(d) for d, status in LIFECYCLES])
def test_status_follows_from_the_dates_in_python_and_in_sql(dates, status):
    certification = make_certification(**dates)
    assert certification.status_on(TODAY) == status
    assert Certification.objects.with_status(TODAY).get(pk=certification.pk).status_now == status


def test_status_changes_when_a_date_passes_without_anyone_saving():
    certification = make_certification(beta_from=days(-30), available_from=days(10))
    assert certification.status_on(TODAY) == Status.BETA
    assert certification.status_on(days(10)) == Status.AVAILABLE
    assert Certification.objects.with_status(days(10)).get(pk=certification.pk).status_now == Status.AVAILABLE
    # Once a retirement date is announced the exam is retiring, and retired from that day.
    Certification.objects.filter(pk=certification.pk).update(retires_on=days(400))
    certification.refresh_from_db()
    assert certification.status_on(days(399)) == Status.RETIRING
    assert certification.status_on(days(400)) == Status.RETIRED


def test_recommendable_leaves_out_retired_and_unpublished_certifications():
    current = make_certification()
    retiring = make_certification(retires_on=days(30))
    make_certification(retires_on=days(0))
    make_certification(is_published=False)
    assert set(Certification.objects.recommendable(TODAY)) == {current, retiring}


def test_an_exam_retiring_within_90_days_is_never_a_first_pick():
    soon = make_certification(retires_on=days(RETIRING_SOON_DAYS))
    later = make_certification(retires_on=days(RETIRING_SOON_DAYS + 1))
    current = make_certification()
    assert set(Certification.objects.first_pick_eligible(TODAY)) == {later, current}
    assert soon.retires_soon(TODAY) and not soon.can_be_first_pick(TODAY)
    assert not later.retires_soon(TODAY) and later.can_be_first_pick(TODAY)


def test_a_foundational_or_retiring_exam_cannot_be_made_a_primary_pick():
    role = make_role()
    foundational = make_certification(level=Certification.Level.FOUNDATIONAL)
    fit = RoleFit(role=role, certification=foundational, kind=RoleFit.Kind.PRIMARY, rationale="Why.")
    with pytest.raises(ValidationError, match="test no building"):
        fit.full_clean()
    retiring = make_certification(retires_on=datetime.date.today() + datetime.timedelta(days=30))
    fit = RoleFit(role=role, certification=retiring, kind=RoleFit.Kind.PRIMARY, rationale="Why.")
    with pytest.raises(ValidationError, match="cannot be a primary pick"):
        fit.full_clean()
    RoleFit(role=role, certification=foundational, kind=RoleFit.Kind.CONTEXT, rationale="Why.").full_clean()


# Facts: each claim names its source; disagreements show until an editor settles them.


def test_a_source_must_be_a_page_not_a_home_page():
    certification = make_certification()
    for url in ["https://example.com/", "https://example.com"]:
        with pytest.raises(ValidationError, match="home page"):
            SourceLink(certification=certification, label="x", url=url).full_clean()
    SourceLink(certification=certification, label="x", url="https://example.com/?p=86309").full_clean()
    SourceLink(certification=certification, label="x", url="https://example.com/exam/guide").full_clean()


def test_one_official_page_per_certification():
    certification = make_certification()
    make_source(certification, kind=SourceLink.Kind.OFFICIAL_PAGE)
    integrity_error(lambda: make_source(certification, kind=SourceLink.Kind.OFFICIAL_PAGE))


def test_agreeing_sources_give_one_value():
    certification = make_certification()
    make_fact(certification, Fact.Kind.DURATION, "100 minutes")
    make_fact(certification, Fact.Kind.DURATION, "100 minutes")
    row = next(row for row in certification.fact_rows() if row.kind == Fact.Kind.DURATION)
    assert not row.disagree
    assert row.value == "100 minutes"
    assert len(row.shown) == 2


def test_disagreeing_sources_show_both_until_an_editor_settles_it():
    certification = make_certification()
    long = make_fact(certification, Fact.Kind.DURATION, "120 minutes")
    make_fact(certification, Fact.Kind.DURATION, "About 100 minutes")
    row = next(row for row in certification.fact_rows() if row.kind == Fact.Kind.DURATION)
    assert row.disagree and row.value is None
    assert [claim.value for claim in row.shown] == ["120 minutes", "About 100 minutes"]
    long.is_accepted = True
    long.save()
    row = next(row for row in certification.fact_rows() if row.kind == Fact.Kind.DURATION)
    assert not row.disagree
    assert row.value == "120 minutes" and row.shown == [long]


def test_only_one_value_settles_a_disagreement():
    certification = make_certification()
    make_fact(certification, Fact.Kind.PRICE, "USD 1", is_accepted=True)
    integrity_error(lambda: make_fact(certification, Fact.Kind.PRICE, "USD 2", is_accepted=True))


def test_a_fact_must_cite_a_source_of_its_own_certification():
    certification, other = make_certification(), make_certification()
    fact = Fact(certification=certification, kind=Fact.Kind.PRICE, value="USD 1", source=make_source(other))
    with pytest.raises(ValidationError, match="source of this certification"):
        fact.full_clean()


def test_a_retired_certification_shows_renewal_as_no_longer_possible():
    certification = make_certification(retires_on=datetime.date(2026, 6, 30))
    make_fact(certification, Fact.Kind.RENEWAL, "Yearly")
    row = next(row for row in certification.fact_rows() if row.kind == Fact.Kind.RENEWAL)
    assert row.note == "No longer possible: retired on 30 June 2026."


@pytest.mark.parametrize(("low", "high"), [(30, 20), (0, 101), (101, 101)])
def test_database_refuses_impossible_domain_weights(low, high):
    domain = make_domain(make_certification())
    integrity_error(lambda: make_weight(domain, low, high))


# Coverage: the role's skill levels in covered areas over all its levels.


@pytest.fixture
def profile():
    """A role rated 4, 3, 2 and 1 in four areas (total 10)."""
    role = make_role()
    areas = [make_skill_area() for _ in range(4)]
    for area, level in zip(areas, [4, 3, 2, 1], strict=True):
        make_skill_level(role, area, level)
    return role, areas


def loaded(certification, role):
    certification = Certification.objects.with_domains().get(pk=certification.pk)
    return certification, Role.objects.with_skills().get(pk=role.pk)


def test_coverage_is_the_share_of_skill_levels_in_covered_areas(profile):
    role, areas = profile
    certification = make_certification()
    make_domain(certification, weight=(60, 60), areas=[areas[0]])
    make_domain(certification, weight=(30, 30), areas=[areas[2]])
    make_domain(certification, weight=(10, 10), areas=[])
    result = coverage(*loaded(certification, role))
    assert result.percent == 60  # (4 + 2) / 10
    assert result.covered == [areas[0], areas[2]]
    assert result.missing == [areas[1], areas[3]]  # highest level first


def test_an_area_tested_by_less_than_10_percent_of_the_exam_is_not_covered(profile):
    role, areas = profile
    certification = make_certification()
    make_domain(certification, weight=(82, 82), areas=[areas[0]])
    # 18% shared by two areas: 9% each, below the threshold.
    make_domain(certification, weight=(18, 18), areas=[areas[1], areas[2]])
    assert coverage(*loaded(certification, role)).percent == 40


def test_disputed_weights_count_at_the_middle_of_all_sources(profile):
    role, areas = profile
    certification = make_certification()
    domain = make_domain(certification, weight=(4, 6), areas=[areas[1]])
    make_weight(domain, 14, 16)  # middle of 5 and 15 is 10: covered
    make_domain(certification, weight=(90, 90), areas=[areas[0]])
    assert coverage(*loaded(certification, role)).percent == 70


def test_without_weights_every_domain_counts_the_same(profile):
    role, areas = profile
    certification = make_certification()
    make_domain(certification, areas=[areas[3]])
    make_domain(certification, areas=[areas[1]])
    result = coverage(*loaded(certification, role))
    assert result.percent == 40 and result.equal_weights


def test_coverage_is_unknown_without_domains(profile):
    role, _ = profile
    assert coverage(*loaded(make_certification(), role)).percent is None


# JSON-LD data.


def test_structured_data_describes_the_credential():
    provider = make_provider(name="Microsoft", url="https://learn.microsoft.com/credentials/")
    certification = make_certification(provider=provider, name="Azure AI Engineer Associate", exam_code="AI-102")
    make_domain(certification, name="Generative AI")
    data = certification.structured_data("https://site.example/certifications/x/")
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["recognizedBy"]["url"] == "https://learn.microsoft.com/credentials/"
    assert data["identifier"] == "AI-102"
    assert data["competencyRequired"] == ["Generative AI"]


# Helpers for the role and comparison pages.


def test_role_fits_prefetch_orders_primary_first_and_hides_unpublished_certifications(django_assert_num_queries):
    role = make_role()
    context = make_fit(role, make_certification(), kind=RoleFit.Kind.CONTEXT)
    second = make_fit(role, make_certification(), kind=RoleFit.Kind.ALTERNATIVE, order=2)
    first = make_fit(role, make_certification(), kind=RoleFit.Kind.ALTERNATIVE, order=1)
    primary = make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY)
    make_fit(role, make_certification(is_published=False), kind=RoleFit.Kind.ALTERNATIVE)
    # Role, fits with certification and provider.
    with django_assert_num_queries(2):
        loaded = Role.objects.prefetch_related(role_fits_prefetch()).get(pk=role.pk)
        fits = list(loaded.certification_fits.all())
        providers = [fit.certification.provider.name for fit in fits]
    assert fits == [primary, first, second, context]
    assert len(providers) == 4


def test_role_fits_prefetch_costs_the_same_for_many_roles(django_assert_num_queries):
    for _ in range(6):
        role = make_role()
        make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY)
        make_fit(role, make_certification(), kind=RoleFit.Kind.CONTEXT)
    with django_assert_num_queries(2):
        roles = list(Role.objects.prefetch_related(role_fits_prefetch()))
        assert sum(len(role.certification_fits.all()) for role in roles) == 12


def test_first_certification_row_gives_each_role_its_primary_or_none(django_assert_num_queries):
    with_primary, without, unpublished_primary = make_role(), make_role(), make_role()
    primary = make_fit(with_primary, make_certification(name="The one"), kind=RoleFit.Kind.PRIMARY)
    make_fit(with_primary, make_certification(), kind=RoleFit.Kind.ALTERNATIVE)
    make_fit(without, make_certification(), kind=RoleFit.Kind.CONTEXT)
    make_fit(unpublished_primary, make_certification(is_published=False), kind=RoleFit.Kind.PRIMARY)
    roles = [without, with_primary, unpublished_primary]
    # Primary fits, their certifications' domains.
    with django_assert_num_queries(2):
        row = first_certification_row(roles)
        names = [cell.certification.name if cell.certification else None for cell in row]
    assert [cell.role for cell in row] == roles
    assert names == [None, "The one", None]
    assert row[1].fit == primary


def test_first_certification_row_reads_prefetched_fits_without_a_query(django_assert_num_queries):
    role_a, role_b = make_role(), make_role()
    make_fit(role_a, make_certification(name="A first"), kind=RoleFit.Kind.PRIMARY)
    make_fit(role_b, make_certification(), kind=RoleFit.Kind.ALTERNATIVE)
    roles = list(Role.objects.filter(pk__in=[role_a.pk, role_b.pk]).prefetch_related(role_fits_prefetch()))
    with django_assert_num_queries(0):
        row = first_certification_row(roles)
        names = [cell.certification.name if cell.certification else None for cell in row]
    assert names == ["A first", None]


def test_first_certification_row_of_no_roles_is_empty():
    assert first_certification_row([]) == []


def test_retired_and_soon_retiring_primaries_are_never_a_first_certification():
    retired_role, soon_role = make_role(), make_role()
    old = make_certification(retires_on=datetime.date(2026, 6, 30))
    make_fit(retired_role, old, kind=RoleFit.Kind.PRIMARY)
    soon = make_certification(retires_on=datetime.date.today() + datetime.timedelta(days=20))
    make_fit(soon_role, soon, kind=RoleFit.Kind.PRIMARY)
    make_fit(soon_role, old, kind=RoleFit.Kind.ALTERNATIVE)
    assert [cell.certification for cell in first_certification_row([retired_role, soon_role])] == [None, None]
    roles = list(Role.objects.filter(pk__in=[retired_role.pk, soon_role.pk]).prefetch_related(role_fits_prefetch()))
    assert [cell.certification for cell in first_certification_row(roles)] == [None, None]
    # The retired exam is left out of the role's fits; the one retiring soon stays, with its warning.
    assert [fit.certification for role in roles for fit in role.certification_fits.all()] == [soon]
