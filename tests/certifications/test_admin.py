import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from certifications.models import Certification, Fact, RoleFit, SourceLink
from tests.factories import ensure_editors_group, make_role

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

ADD_URL = reverse("admin:certifications_certification_add")
CHANGELIST = reverse("admin:certifications_certification_changelist")
INLINES = ["sources", "facts", "domains", "role_fits"]


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def certification_form(provider, sources=(), fits=(), **fields):
    """POST data for the certification add form, with source and role-fit inline rows."""
    data = {
        "provider": provider.pk,
        "name": "New certification",
        "slug": "new-certification",
        "exam_code": "NEW-01",
        "level": "associate",
        "summary": "What it proves.",
        "is_published": "on",
    }
    for prefix in INLINES:
        data.update(management(prefix, 0))
    data.update(management("sources", len(sources)))
    for n, (kind, url) in enumerate(sources):
        data.update({f"sources-{n}-kind": kind, f"sources-{n}-label": "Page", f"sources-{n}-url": url})
        data[f"sources-{n}-order"] = n
    data.update(management("role_fits", len(fits)))
    for n, (role, kind) in enumerate(fits):
        data.update({f"role_fits-{n}-role": role.pk, f"role_fits-{n}-kind": kind, f"role_fits-{n}-order": 0})
        data[f"role_fits-{n}-rationale"] = "Why it fits."
    data.update(fields)
    return data


def test_editors_group_can_manage_every_certification_model():
    codenames = set(ensure_editors_group().permissions.values_list("codename", flat=True))
    for model in ["provider", "certification", "skilldomain", "sourcelink", "rolefit", "fact", "domainweight"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames


def test_editor_adds_a_certification_with_its_official_page_and_a_primary_fit(editor_client):
    role = make_role()
    data = certification_form(
        make_provider(), sources=[("official-page", "vendor.example/cert/new")], fits=[(role, "primary")]
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    certification = Certification.objects.get(slug="new-certification")
    assert certification.sources.get().url == "https://vendor.example/cert/new"
    assert certification.role_fits.get().kind == "primary"


def test_a_home_page_is_refused_as_a_source(editor_client):
    data = certification_form(make_provider(), sources=[("third-party", "https://blog.example/")])
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Link the page that holds the fact, not the site" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"beta_from": "2026-06-01", "available_from": "2026-05-01"}, "The beta starts before general availability."),
        ({"available_from": "2026-07-01", "retires_on": "2026-06-30"}, "An exam retires after it became available."),
    ],
)
def test_inconsistent_dates_get_a_clear_message(editor_client, fields, message):
    response = editor_client.post(ADD_URL, certification_form(make_provider(), **fields))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_second_primary_for_a_role_is_a_form_error_not_a_crash(editor_client):
    role = make_role(name="AI Engineer")
    make_fit(role, make_certification(), kind=RoleFit.Kind.PRIMARY)
    response = editor_client.post(ADD_URL, certification_form(make_provider(), fits=[(role, "primary")]))
    assert response.status_code == 200
    assert "already has a primary certification" in response.content.decode()
    assert not Certification.objects.filter(slug="new-certification").exists()


def test_a_foundational_exam_cannot_be_a_primary_pick(editor_client):
    data = certification_form(make_provider(), fits=[(make_role(), "primary")], level="foundational")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Foundational exams test no building" in response.content.decode()


def change_form(certification, facts):
    """POST data for the change form with ``facts`` as existing fact rows."""
    data = certification_form(certification.provider, slug=certification.slug, name=certification.name)
    data.update(management("facts", len(facts), initial=len(facts)))
    for n, fact in enumerate(facts):
        data.update(
            {
                f"facts-{n}-id": fact.pk,
                f"facts-{n}-certification": certification.pk,
                f"facts-{n}-kind": fact.kind,
                f"facts-{n}-value": fact.value,
                f"facts-{n}-source": fact.source_id,
                f"facts-{n}-checked_on": "",
            }
        )
    return data


def test_checking_a_fact_records_who_checked_it(editor_client):
    certification = make_certification()
    fact = make_fact(certification, Fact.Kind.PRICE, "USD 165")
    url = reverse("admin:certifications_certification_change", args=[certification.pk])
    data = change_form(certification, [fact])
    data["facts-0-checked_on"] = "2026-11-28"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    fact.refresh_from_db()
    assert (fact.checked_on, fact.checked_by) == (datetime.date(2026, 11, 28), "ed")


def test_a_fact_can_only_cite_this_certifications_sources(editor_client):
    certification = make_certification()
    fact = make_fact(certification)
    url = reverse("admin:certifications_certification_change", args=[certification.pk])
    data = change_form(certification, [fact])
    data["facts-0-source"] = make_source(make_certification()).pk
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_review_queue_lists_certifications_whose_sources_changed_or_failed(editor_client):
    changed, fine = make_certification(name="Changed one"), make_certification(name="Fine one")
    make_source(changed, check_result="changed", needs_review=True)
    make_source(changed, check_result="changed", needs_review=True)
    make_source(fine, check_result="ok")
    make_fact(fine, checked_on=datetime.date.today())
    response = editor_client.get(CHANGELIST + "?review=sources")
    assert list(response.context["cl"].result_list) == [changed]
    row = response.content.decode()
    assert "Changed one" in row
    assert list(editor_client.get(CHANGELIST + "?review=facts").context["cl"].result_list) == []


def test_status_filter_uses_the_dates(editor_client):
    beta = make_certification(beta_from=datetime.date(2026, 4, 21))
    retired = make_certification(retires_on=datetime.date(2026, 6, 30))
    assert list(editor_client.get(CHANGELIST + "?status=beta").context["cl"].result_list) == [beta]
    assert list(editor_client.get(CHANGELIST + "?status=retired").context["cl"].result_list) == [retired]


def test_marking_sources_reviewed_takes_them_out_of_the_queue(editor_client):
    source = make_source(make_certification(), check_result="error", needs_review=True)
    url = reverse("admin:certifications_sourcelink_changelist")
    response = editor_client.post(url, {"action": "mark_reviewed", "_selected_action": [source.pk]})
    assert response.status_code == 302
    source.refresh_from_db()
    assert not source.needs_review


@pytest.mark.parametrize("name", ["provider", "rolefit", "certification", "sourcelink", "skilldomain"])
def test_editor_can_open_every_admin_list_and_add_form(editor_client, name):
    certification = make_certification()
    make_fit(make_role(), certification)
    make_domain(certification, weight=(100, 100))
    assert editor_client.get(reverse(f"admin:certifications_{name}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:certifications_{name}_add")).status_code == 200


def test_change_forms_show_the_inlines(editor_client):
    certification = make_certification()
    domain = make_domain(certification, name="Generative AI", weight=(30, 35))
    make_source(certification, kind=SourceLink.Kind.OFFICIAL_PAGE)
    make_fit(make_role(name="AI Engineer"), certification)
    body = editor_client.get(reverse("admin:certifications_certification_change", args=[certification.pk]))
    body = body.content.decode()
    assert "Generative AI" in body and "AI Engineer" in body
    assert 'name="sources-TOTAL_FORMS"' in body and 'name="facts-TOTAL_FORMS"' in body
    body = editor_client.get(reverse("admin:certifications_skilldomain_change", args=[domain.pk])).content.decode()
    assert 'name="weights-TOTAL_FORMS"' in body and 'value="30"' in body


def review_url(certification):
    return reverse("admin:certifications_certification_review", args=[certification.pk])


def test_the_review_screen_lists_each_fact_with_its_source_link_and_quotation_beside_mark_reviewed(editor_client):
    certification = make_certification()
    url = "https://vendor.example/exam/guide"
    guide = make_source(certification, label="Exam guide", url=url, source_date="May 2026")
    quotation = "Exam cost $165 USD"
    make_fact(certification, Fact.Kind.PRICE, "USD 165", source=guide, quotation=quotation, needs_review=True)
    make_fact(certification, Fact.Kind.DURATION, "100 minutes", source=guide, quotation="Duration 100 minutes")
    make_domain(certification, name="Agents", weight=(30, 35), source=guide)
    change = editor_client.get(reverse("admin:certifications_certification_change", args=[certification.pk]))
    assert review_url(certification) in change.content.decode()

    body = editor_client.get(review_url(certification)).content.decode()
    rows = body.split('<tr id="')[1:]
    assert len(rows) == 3
    price = next(row for row in rows if "USD 165" in row)
    assert price.startswith("fact-") and 'class="flagged"' in price
    assert '<a class="source-link" href="https://vendor.example/exam/guide"' in price
    assert "“Exam cost $165 USD”" in price and "page dated May 2026" in price
    assert "could not find this quotation" in price
    assert ">Mark reviewed</button>" in price
    weight = next(row for row in rows if "Agents" in row)
    assert "No quotation recorded" in weight


def test_marking_one_fact_reviewed_records_who_and_when_on_that_fact_and_in_history(editor_client, editor):
    certification = make_certification()
    guide = make_source(certification, needs_review=True, check_result="changed")
    price = make_fact(certification, Fact.Kind.PRICE, "USD 165", source=guide, quotation="$165", needs_review=True)
    length = make_fact(certification, Fact.Kind.DURATION, "100 minutes", source=guide, needs_review=True)
    response = editor_client.post(review_url(certification), {"claim": f"fact-{price.pk}"})
    assert response.status_code == 302 and response.url == f"{review_url(certification)}#fact-{price.pk}"
    price.refresh_from_db()
    length.refresh_from_db()
    guide.refresh_from_db()
    assert (price.checked_on, price.checked_by, price.needs_review) == (timezone.localdate(), "ed", False)
    assert (length.checked_on, length.needs_review) == (None, True)
    assert guide.needs_review  # another of its facts still waits
    version = Version.objects.get_for_object(certification).first()
    assert version.revision.user == editor
    assert version.revision.get_comment().startswith("Checked “EX-")
    editor_client.post(review_url(certification), {"claim": f"fact-{length.pk}"})
    guide.refresh_from_db()
    assert not guide.needs_review


def test_marking_a_domain_weight_and_a_source_reviewed(editor_client):
    certification = make_certification()
    source = make_source(certification, needs_review=True, check_result="error")
    weight = make_weight(make_domain(certification), 30, 35, source=source)
    editor_client.post(review_url(certification), {"claim": f"weight-{weight.pk}"})
    weight.refresh_from_db()
    assert weight.checked_on == timezone.localdate()
    other = make_source(certification, needs_review=True)
    editor_client.post(review_url(certification), {"claim": f"source-{other.pk}"})
    other.refresh_from_db()
    assert not other.needs_review


def test_a_fact_of_another_certification_cannot_be_marked_from_this_screen(editor_client):
    certification = make_certification()
    stranger = make_fact(make_certification())
    response = editor_client.post(review_url(certification), {"claim": f"fact-{stranger.pk}"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.checked_on is None


def test_a_beta_or_unpriced_exam_cannot_be_a_primary_pick(editor_client):
    role = make_role()
    data = certification_form(make_provider(), fits=[(role, "primary")], beta_from="2026-04-21")
    response = editor_client.post(ADD_URL, data)
    assert "An exam in beta, or not yet out, cannot be a primary pick." in response.content.decode()
    unpriced = make_certification()
    fit = RoleFit(role=role, certification=unpriced, kind=RoleFit.Kind.PRIMARY, rationale="Why.")
    with pytest.raises(ValidationError, match="No source gives this exam's price"):
        fit.full_clean()
    make_fact(unpriced, Fact.Kind.PRICE, "USD 150")
    fit.full_clean()
