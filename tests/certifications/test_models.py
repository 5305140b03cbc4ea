import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certifications.models import (
    Certification,
    RoleFit,
    SkillDomain,
    domain_range_problem,
    first_certification_row,
    role_fits_prefetch,
)
from roles.models import Role
from tests.factories import make_role

from .factories import make_certification, make_domain, make_fit, make_provider

pytestmark = pytest.mark.django_db


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
    fit = RoleFit(role=role, certification=make_certification(), kind=RoleFit.Kind.PRIMARY, rationale="Why.")
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
        {"status": "gone"},
        {"level": "guru"},
        {"status": "retired", "retirement_date": None},
        {"status": "retiring", "retirement_date": None},
        {"status": "active", "retirement_date": datetime.date(2026, 6, 30)},
        {"price": Decimal("-1")},
        {"price": Decimal("10"), "currency": ""},
        {"duration_minutes": 0},
        {"questions_min": 60, "questions_max": 50},
        {"questions_min": 50, "questions_max": None},
        {"questions_min": 0, "questions_max": 0},
    ],
    ids=lambda fields: ",".join(f"{k}={v}" for k, v in fields.items()),
)
def test_database_refuses_inconsistent_certification_facts(fields):
    provider = make_provider()
    integrity_error(lambda: make_certification(provider=provider, **fields))


def test_only_a_retiring_or_retired_certification_has_a_successor():
    successor = make_certification()
    integrity_error(lambda: make_certification(successor=successor))
    retired = make_certification(status="retired", successor=successor)
    assert list(successor.predecessors.all()) == [retired]


def test_a_certification_cannot_succeed_itself():
    certification = make_certification(status="retired")
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


def test_clean_copies_a_single_question_count_to_both_ends():
    certification = make_certification(questions_min=None, questions_max=None)
    certification.questions_max = 45
    certification.full_clean()
    assert (certification.questions_min, certification.questions_max) == (45, 45)


@pytest.mark.parametrize(("low", "high"), [(30, 20), (0, 101), (101, 101)])
def test_database_refuses_impossible_domain_weights(low, high):
    certification = make_certification()
    integrity_error(lambda: make_domain(certification, weight_min=low, weight_max=high))


# Display helpers: None means "Not published" on the page.


def test_fact_rows_say_none_for_every_unknown_fact():
    certification = make_certification(price=None, duration_minutes=None)
    rows = dict(certification.fact_rows())
    assert set(rows.values()) == {None}
    assert list(rows) == [
        "Price",
        "Exam length",
        "Questions",
        "Passing score",
        "Languages",
        "Delivery",
        "Valid for",
        "Renewal",
        "Recommended experience",
    ]


def test_fact_rows_format_known_facts():
    certification = make_certification(
        price=Decimal("200.00"),
        price_note="plus tax",
        duration_minutes=120,
        questions_min=50,
        questions_max=60,
        question_note="multiple choice",
        validity_months=24,
    )
    rows = dict(certification.fact_rows())
    assert rows["Price"] == "USD 200 plus tax"
    assert rows["Exam length"] == "120 minutes"
    assert rows["Questions"] == "50–60 (multiple choice)"
    assert rows["Valid for"] == "2 years"


@pytest.mark.parametrize(("months", "shown"), [(12, "1 year"), (36, "3 years"), (18, "18 months"), (None, None)])
def test_validity_display(months, shown):
    assert make_certification(validity_months=months).validity_display == shown


def test_price_keeps_cents_when_there_are_any():
    assert make_certification(price=Decimal("99.50")).price_display == "USD 99.50"


def test_fixed_question_count_shows_one_number():
    certification = make_certification(questions_min=65, questions_max=65, question_note="50 scored")
    assert certification.questions_display == "65 (50 scored)"


def test_facts_older_than_180_days_need_a_recheck():
    today = datetime.date(2026, 11, 21)
    fresh = make_certification(facts_verified_on=today - datetime.timedelta(days=180))
    stale = make_certification(facts_verified_on=today - datetime.timedelta(days=181))
    assert not fresh.facts_need_recheck(today)
    assert stale.facts_need_recheck(today)
    assert stale.facts_age_days(today) == 181
    assert list(Certification.objects.stale(today)) == [stale]


# Domain ranges that can (or cannot) add up to 100%.


@pytest.mark.parametrize(
    "ranges",
    [
        [(20, 25), (15, 20), (5, 10), (10, 15), (15, 20), (15, 20)],  # AI-102: 80–110%
        [(28, 28), (26, 26), (22, 22), (24, 24)],  # exactly 100%
        [],
    ],
)
def test_ranges_that_can_total_100_are_fine(ranges):
    assert domain_range_problem(ranges) is None


def test_ranges_whose_minimums_exceed_100_are_a_problem():
    assert "110%" in domain_range_problem([(60, 60), (50, 60)])


def test_ranges_whose_maximums_fall_short_of_100_are_a_problem():
    assert "45%" in domain_range_problem([(20, 25), (15, 20)])


def test_domain_weight_display():
    certification = make_certification()
    assert make_domain(certification, weight_min=20, weight_max=25).weight_display == "20–25%"
    assert make_domain(certification, weight_min=30, weight_max=30).weight_display == "30%"
    assert SkillDomain.objects.filter(certification=certification).count() == 2


# JSON-LD data.


def test_structured_data_describes_the_credential():
    provider = make_provider(name="Microsoft", url="https://www.microsoft.com/")
    certification = make_certification(
        provider=provider, name="Azure AI Engineer Associate", exam_code="AI-102", validity_months=12
    )
    make_domain(certification, name="Generative AI", weight_min=15, weight_max=20)
    data = certification.structured_data("https://site.example/certifications/x/")
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["recognizedBy"] == {"@type": "Organization", "name": "Microsoft", "url": "https://www.microsoft.com/"}
    assert data["identifier"] == "AI-102"
    assert data["validFor"] == "P12M"
    assert data["offers"]["priceCurrency"] == "USD"
    assert data["competencyRequired"] == ["Generative AI"]


def test_structured_data_leaves_out_unknown_facts():
    data = make_certification(price=None, exam_code="").structured_data("https://x.example/")
    assert "offers" not in data
    assert "identifier" not in data
    assert "validFor" not in data
    assert "competencyRequired" not in data


# Helpers for the role and comparison pages.


def test_role_fits_prefetch_orders_primary_first_and_hides_unpublished_certifications(django_assert_num_queries):
    role = make_role()
    context = make_fit(role, make_certification(), kind=RoleFit.Kind.CONTEXT)
    second = make_fit(role, make_certification(), kind=RoleFit.Kind.ALTERNATIVE, order=2)
    first = make_fit(role, make_certification(), kind=RoleFit.Kind.ALTERNATIVE, order=1)
    primary = make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY)
    make_fit(role, make_certification(is_published=False), kind=RoleFit.Kind.ALTERNATIVE)
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
    with django_assert_num_queries(1):
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
