import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications.models import Certification, RoleFit, SkillDomain
from tests.factories import ensure_editors_group, make_role

from .factories import make_certification, make_domain, make_fit, make_provider

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:certifications_certification_add")
CHANGELIST = reverse("admin:certifications_certification_changelist")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def certification_form(provider, domains=(), fits=(), **fields):
    """POST data for the certification add form, with domain and role-fit inline rows."""
    data = {
        "provider": provider.pk,
        "name": "New certification",
        "slug": "new-certification",
        "exam_code": "NEW-01",
        "level": "associate",
        "summary": "What it proves.",
        "status": "active",
        "currency": "USD",
        "facts_verified_on": "2026-11-20",
        "is_published": "on",
        **management("domains", len(domains)),
        **management("sources", 0),
        **management("role_fits", len(fits)),
    }
    for n, (name, low, high, *delete) in enumerate(domains):
        data.update({f"domains-{n}-name": name, f"domains-{n}-weight_min": low, f"domains-{n}-weight_max": high})
        data[f"domains-{n}-order"] = n
        if delete:
            data[f"domains-{n}-DELETE"] = "on"
    for n, (role, kind) in enumerate(fits):
        data.update({f"role_fits-{n}-role": role.pk, f"role_fits-{n}-kind": kind, f"role_fits-{n}-order": 0})
        data[f"role_fits-{n}-rationale"] = "Why it fits."
    data.update(fields)
    return data


def test_editors_group_can_manage_every_certification_model():
    codenames = set(ensure_editors_group().permissions.values_list("codename", flat=True))
    for model in ["provider", "certification", "skilldomain", "sourcelink", "rolefit"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames


def test_editor_adds_a_certification_with_domains_that_can_total_100(editor_client):
    provider = make_provider()
    role = make_role()
    data = certification_form(
        provider, domains=[("Design", 20, 25), ("Build", 40, 50), ("Run", 30, 35)], fits=[(role, "primary")]
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    certification = Certification.objects.get(slug="new-certification")
    assert list(certification.domains.values_list("name", flat=True)) == ["Design", "Build", "Run"]
    assert certification.role_fits.get().kind == "primary"


@pytest.mark.parametrize(
    ("domains", "message"),
    [
        ([("Design", 20, 25), ("Build", 20, 25)], "The highest weights add up to only 50%"),
        ([("Design", 60, 70), ("Build", 50, 60)], "The lowest weights already add up to 110%"),
    ],
)
def test_domain_ranges_that_cannot_total_100_are_refused(editor_client, domains, message):
    response = editor_client.post(ADD_URL, certification_form(make_provider(), domains=domains))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Certification.objects.filter(slug="new-certification").exists()


def test_deleted_domain_rows_do_not_count_towards_the_total(editor_client):
    certification = make_certification()
    keep = make_domain(certification, name="Keep", weight_min=100, weight_max=100)
    drop = make_domain(certification, name="Drop", weight_min=50, weight_max=50)
    url = reverse("admin:certifications_certification_change", args=[certification.pk])
    data = certification_form(
        certification.provider,
        slug=certification.slug,
        **management("domains", 2, initial=2),
    )
    for n, domain in enumerate([keep, drop]):
        data.update(
            {
                f"domains-{n}-id": domain.pk,
                f"domains-{n}-certification": certification.pk,
                f"domains-{n}-name": domain.name,
                f"domains-{n}-weight_min": domain.weight_min,
                f"domains-{n}-weight_max": domain.weight_max,
                f"domains-{n}-order": n,
            }
        )
    assert editor_client.post(url, data).status_code == 200  # 150% in total: refused
    data["domains-1-DELETE"] = "on"
    assert editor_client.post(url, data).status_code == 302
    assert list(SkillDomain.objects.filter(certification=certification)) == [keep]


def test_a_second_primary_for_a_role_is_a_form_error_not_a_crash(editor_client):
    role = make_role(name="AI Engineer")
    make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY)
    response = editor_client.post(ADD_URL, certification_form(make_provider(), fits=[(role, "primary")]))
    assert response.status_code == 200
    assert "already has a primary certification" in response.content.decode()
    assert not Certification.objects.filter(slug="new-certification").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "retired"}, "Give a retirement date when the status is retiring or retired"),
        ({"questions_min": "60", "questions_max": "50"}, "with the fewest no larger than the most"),
        ({"price": "100", "currency": ""}, "A price needs a currency"),
        ({"currency": "usd", "price": "100"}, "three-letter currency code"),
    ],
)
def test_inconsistent_facts_get_a_clear_message(editor_client, fields, message):
    response = editor_client.post(ADD_URL, certification_form(make_provider(), **fields))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_one_question_count_is_enough_for_a_fixed_count(editor_client):
    response = editor_client.post(ADD_URL, certification_form(make_provider(), questions_max="45"))
    assert response.status_code == 302
    certification = Certification.objects.get(slug="new-certification")
    assert (certification.questions_min, certification.questions_max) == (45, 45)


def test_changelist_flags_facts_not_verified_in_the_last_180_days(editor_client):
    today = timezone.localdate()
    make_certification(name="Stale one", facts_verified_on=today - datetime.timedelta(days=200))
    make_certification(name="Fresh one", facts_verified_on=today - datetime.timedelta(days=10))
    body = editor_client.get(CHANGELIST).content.decode()
    stale_row = body[body.index("Stale one") :]
    assert "Recheck: 200 days old" in stale_row[: stale_row.index("</tr>")]
    fresh_row = body[body.index("Fresh one") :]
    assert "Recheck" not in fresh_row[: fresh_row.index("</tr>")]


def test_changelist_filters_by_freshness_provider_status_and_level(editor_client):
    today = timezone.localdate()
    stale = make_certification(facts_verified_on=today - datetime.timedelta(days=400), status="beta")
    fresh = make_certification(facts_verified_on=today, level="professional")
    response = editor_client.get(CHANGELIST + "?facts=stale")
    assert list(response.context["cl"].result_list) == [stale]
    response = editor_client.get(CHANGELIST + "?facts=fresh")
    assert list(response.context["cl"].result_list) == [fresh]
    assert list(editor_client.get(CHANGELIST + "?status__exact=beta").context["cl"].result_list) == [stale]
    assert list(editor_client.get(CHANGELIST + "?level__exact=professional").context["cl"].result_list) == [fresh]
    provider_filter = f"?provider__id__exact={fresh.provider_id}"
    assert list(editor_client.get(CHANGELIST + provider_filter).context["cl"].result_list) == [fresh]


@pytest.mark.parametrize("name", ["provider", "rolefit", "certification"])
def test_editor_can_open_every_admin_list_and_add_form(editor_client, name):
    make_fit(make_role(), make_certification())
    assert editor_client.get(reverse(f"admin:certifications_{name}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:certifications_{name}_add")).status_code == 200


def test_change_form_shows_the_inlines(editor_client):
    certification = make_certification()
    make_domain(certification, name="Generative AI")
    make_fit(make_role(name="AI Engineer"), certification)
    body = editor_client.get(reverse("admin:certifications_certification_change", args=[certification.pk])).content
    body = body.decode()
    assert "Generative AI" in body
    assert 'name="sources-TOTAL_FORMS"' in body
    assert "AI Engineer" in body
