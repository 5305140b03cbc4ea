"""The certification lifecycle at its edges: today by default, the day counts, the catalogue order.

Found by mutation testing: every lifecycle test passed its own date, so nothing checked that
the functions fall back to today; and day counts were only compared, never read.
"""

import datetime

import pytest
from django.utils import timezone

from certifications.models import RETIRING_SOON_DAYS, Certification, RoleFit, Status
from tests.factories import make_role

from .factories import make_certification, make_fit, make_provider

pytestmark = pytest.mark.django_db


def from_today(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_without_a_date_everything_is_judged_as_of_today():
    retired = make_certification(retires_on=from_today(0))
    retiring = make_certification(retires_on=from_today(30))
    soon = make_certification(retires_on=from_today(RETIRING_SOON_DAYS))
    beta = make_certification(beta_from=from_today(-1), available_from=from_today(1))
    announced = make_certification(beta_from=from_today(1))
    current = make_certification(available_from=from_today(0))
    assert [c.status_on() for c in (retired, retiring, beta, announced, current)] == [
        Status.RETIRED,
        Status.RETIRING,
        Status.BETA,
        Status.ANNOUNCED,
        Status.AVAILABLE,
    ]
    statuses = dict(Certification.objects.with_status().values_list("pk", "status_now"))
    assert [statuses[c.pk] for c in (retired, retiring, beta, announced, current)] == [
        Status.RETIRED,
        Status.RETIRING,
        Status.BETA,
        Status.ANNOUNCED,
        Status.AVAILABLE,
    ]
    assert set(Certification.objects.not_retired()) == {retiring, soon, beta, announced, current}
    assert set(Certification.objects.recommendable()) == {retiring, soon, beta, announced, current}
    assert set(Certification.objects.first_pick_eligible()) == {beta, announced, current}
    assert [c.days_to_retirement() for c in (retired, retiring, current)] == [0, 30, None]
    assert [c.retires_soon() for c in (retired, retiring, soon, current)] == [False, True, True, False]
    assert [c.can_be_first_pick() for c in (retiring, soon, current)] == [False, False, True]


def test_days_to_retirement_counts_from_the_given_day():
    today = datetime.date(2026, 11, 29)
    certification = make_certification(retires_on=datetime.date(2027, 1, 1))
    assert certification.days_to_retirement(today) == 33
    assert certification.days_to_retirement(datetime.date(2027, 1, 5)) == -4
    # Retiring soon means within the coming RETIRING_SOON_DAYS, not on the day or after it.
    assert certification.retires_soon(datetime.date(2026, 12, 31))
    assert not certification.retires_soon(datetime.date(2027, 1, 1))
    assert not certification.retires_soon(datetime.date(2027, 1, 2))


def test_an_unpublished_certification_is_never_a_first_pick():
    assert not make_certification(is_published=False).can_be_first_pick()
    assert not Certification.objects.first_pick_eligible().exists()


def test_each_status_has_the_vendors_label():
    labels = [
        make_certification(retires_on=from_today(0)).get_status_display(),
        make_certification(retires_on=from_today(9)).get_status_display(),
        make_certification(beta_from=from_today(-1)).get_status_display(),
        make_certification(beta_from=from_today(2)).get_status_display(),
        make_certification().get_status_display(),
    ]
    assert labels == ["Retired", "Retiring", "Beta", "Announced", "Available"]


def test_the_catalogue_lists_current_exams_by_provider_and_name_and_retired_ones_last():
    # Names and providers sort differently from the order of creation, so each key shows.
    zeta, acme = make_provider(name="Zeta Learning"), make_provider(name="Acme Cloud")
    retired = make_certification(provider=acme, name="Alpha", retires_on=from_today(0))
    zeta_b = make_certification(provider=zeta, name="Beta")
    acme_z = make_certification(provider=acme, name="Zulu", retires_on=from_today(1))
    acme_m = make_certification(provider=acme, name="Mike")
    order = list(Certification.objects.catalogue_order())
    assert order == [acme_m, acme_z, zeta_b, retired]
    # On another day the retirement has not happened yet: it sorts with the current ones.
    assert list(Certification.objects.catalogue_order(today=from_today(-1))) == [retired, acme_m, acme_z, zeta_b]


def test_for_a_role_the_catalogue_lists_the_primary_pick_first_then_alternatives_then_context():
    role = make_role()
    provider = make_provider(name="Acme Cloud")
    context = make_certification(provider=provider, name="Alpha")
    alternative = make_certification(provider=provider, name="Bravo")
    primary = make_certification(provider=provider, name="Charlie")
    make_certification(provider=provider, name="Delta")  # no fit: not listed
    make_fit(role, context, kind=RoleFit.Kind.CONTEXT)
    make_fit(role, alternative, kind=RoleFit.Kind.ALTERNATIVE)
    make_fit(role, primary, kind=RoleFit.Kind.PRIMARY)
    listed = Certification.objects.for_role(role).catalogue_order(by_fit=True)
    assert list(listed) == [primary, alternative, context]
    assert list(Certification.objects.for_role(role).catalogue_order()) == [context, alternative, primary]


def test_a_beta_starts_on_its_first_day():
    certification = make_certification(beta_from=from_today(0), available_from=from_today(10))
    assert certification.status_on() == Status.BETA
    assert Certification.objects.with_status().get().status_now == Status.BETA


def test_recommendations_judged_on_another_day_use_that_day():
    # Dates other than today, so that a function ignoring its date and using today shows.
    retiring = make_certification(retires_on=from_today(30))
    later = from_today(31)
    assert not Certification.objects.not_retired(later).exists()
    assert not Certification.objects.recommendable(later).exists()
    earlier = from_today(-100)  # then, the retirement was 130 days away: a fine first pick
    assert list(Certification.objects.first_pick_eligible(earlier)) == [retiring]
    assert retiring.can_be_first_pick(earlier)
    assert not retiring.can_be_first_pick()
