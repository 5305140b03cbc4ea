import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from certifications.models import RoleFit
from tests.factories import make_role

from .factories import make_certification, make_domain, make_fit, make_provider, make_source

pytestmark = pytest.mark.django_db


def json_ld(body):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def pair():
    """AI-102 retired in favour of AI-103, as in the sample content."""
    msft = make_provider(name="Microsoft", slug="microsoft")
    new = make_certification(provider=msft, exam_code="AI-103", name="Apps and Agents", slug="ai-103", status="beta")
    old = make_certification(
        provider=msft, exam_code="AI-102", name="AI Engineer", slug="ai-102", status="retired", successor=new
    )
    return old, new


def test_retired_page_says_so_at_the_top_and_links_its_successor(client, pair):
    old, new = pair
    body = client.get(old.get_absolute_url()).content.decode()
    notice = body.index("retired this certification on 30 June 2026")
    assert notice < body.index("<h1>")
    assert (
        f'Its replacement is <a class="fw-semibold" href="{new.get_absolute_url()}">AI-103 Apps and Agents</a>' in body
    )
    assert "(retired)" in re.search(r"<title>(.*?)</title>", body).group(1)


def test_successor_links_back_to_what_it_replaces(client, pair):
    old, new = pair
    body = client.get(new.get_absolute_url()).content.decode()
    assert f'Replaces <a href="{old.get_absolute_url()}">AI-102</a> (AI Engineer), retired 30 June 2026.' in body


def test_unpublished_successor_is_named_but_not_linked(client, pair):
    old, new = pair
    new.is_published = False
    new.save()
    body = client.get(old.get_absolute_url()).content.decode()
    assert "Its replacement is AI-103 Apps and Agents." in body
    assert new.get_absolute_url() not in body


BANNERS = {
    "beta": "In beta: the exam and its details may still change",
    "retiring": "Retiring on 30 June 2026",
    "retired": "retired this certification on 30 June 2026",
}


@pytest.mark.parametrize("status", ["active", "beta", "retiring", "retired"])
def test_every_status_has_a_page_with_its_own_banner(client, status):
    certification = make_certification(status=status)
    response = client.get(certification.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert f'cert-status-{status}"' in body
    for banner_status, text in BANNERS.items():
        assert (text in body) == (banner_status == status)


def test_facts_table_says_not_published_for_unknown_facts(client):
    certification = make_certification(price=Decimal("165"), duration_minutes=100, passing_score="700 out of 1000")
    body = client.get(certification.get_absolute_url()).content.decode()
    rows = dict(re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', body))
    assert rows["Price"] == "USD 165"
    assert rows["Exam length"] == "100 minutes"
    assert rows["Passing score"] == "700 out of 1000"
    not_published = '<span class="not-published">Not published</span>'
    for label in ["Questions", "Languages", "Delivery", "Valid for", "Renewal", "Recommended experience"]:
        assert rows[label] == not_published


def test_skill_domains_are_drawn_as_bars_with_their_figures(client):
    certification = make_certification(domains_as_of=datetime.date(2025, 12, 23))
    make_domain(certification, name="Generative AI", weight_min=15, weight_max=20, order=2)
    make_domain(certification, name="Plan and manage", weight_min=80, weight_max=80, order=1)
    body = client.get(certification.get_absolute_url()).content.decode()
    assert body.index("Plan and manage") < body.index("Generative AI")
    assert "15–20%" in body
    assert '<span class="domain-bar" style="width: 15%"></span><span class="domain-spread" style="width: 5%">' in body
    assert "skills outline dated 23 December 2025" in body


def test_without_domains_the_page_explains_why(client):
    certification = make_certification(domains_note="Sources disagree on the weights.")
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "Sources disagree on the weights." in body
    assert "domain-bar" not in body


def test_page_shows_last_verified_date_and_sources(client):
    certification = make_certification(facts_verified_on=datetime.date(2026, 11, 1))
    make_source(certification, label="docs.example.com", is_official=True, supports="Price")
    make_source(certification, label="Unnamed notes", url="", supports="Exam length", source_date="May 2026")
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "Facts last verified in <strong>November 2026</strong>" in body
    assert '<a href="https://example.com/" rel="noopener">docs.example.com</a>' in body
    assert "Official" in body
    assert "Unnamed notes" in body
    assert "Supports: Exam length. Dated May 2026. Read November 2026." in body


def test_stale_facts_carry_a_warning(client):
    old = make_certification(facts_verified_on=datetime.date(2020, 1, 1))
    fresh = make_certification(facts_verified_on=datetime.date.today())
    assert "checked more than six months ago" in client.get(old.get_absolute_url()).content.decode()
    assert "checked more than six months ago" not in client.get(fresh.get_absolute_url()).content.decode()


def test_page_lists_the_roles_it_fits_with_rationale(client):
    certification = make_certification()
    ai = make_role(name="AI Engineer", slug="ai-engineer")
    make_fit(make_role(name="ML Engineer"), certification, kind=RoleFit.Kind.CONTEXT, rationale="Some *context*.")
    make_fit(ai, certification, kind=RoleFit.Kind.PRIMARY, rationale="The **main** pick.")
    make_fit(make_role(name="Unpublished role", is_published=False), certification)
    body = client.get(certification.get_absolute_url()).content.decode()
    assert body.index("AI Engineer") < body.index("ML Engineer")
    assert f'<a class="fw-semibold" href="{ai.get_absolute_url()}">AI Engineer</a>' in body
    assert "The <strong>main</strong> pick." in body
    assert "Primary pick" in body
    assert "Unpublished role" not in body


def test_official_and_practice_links(client):
    with_links = make_certification(
        official_url="https://provider.example/exam", practice_test_url="https://practice.example/"
    )
    body = client.get(with_links.get_absolute_url()).content.decode()
    assert 'href="https://provider.example/exam" rel="noopener">Official page</a>' in body
    assert 'href="https://practice.example/" rel="noopener">Practice test</a>' in body
    body = client.get(make_certification().get_absolute_url()).content.decode()
    assert "We have no official page recorded yet." in body
    assert "No practice test recorded yet." in body


def test_page_has_title_meta_description_and_canonical(client):
    certification = make_certification(exam_code="MLA-C01", name="ML Engineer Associate", summary="Short summary.")
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "<title>MLA-C01 ML Engineer Associate · AI Career Hub</title>" in body
    assert '<meta name="description" content="Short summary.">' in body
    assert f'<link rel="canonical" href="http://testserver{certification.get_absolute_url()}">' in body


def test_json_ld_describes_the_credential(client):
    certification = make_certification(name="Generative AI Leader", exam_code="", level="leader", validity_months=36)
    make_domain(certification, name="Fundamentals", weight_min=30, weight_max=30)
    data = json_ld(client.get(certification.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["name"] == "Generative AI Leader"
    assert data["url"] == f"http://testserver{certification.get_absolute_url()}"
    assert data["educationalLevel"] == "Leader"
    assert data["validFor"] == "P36M"
    assert data["offers"] == {"@type": "Offer", "price": "150.00", "priceCurrency": "USD", "category": "Exam fee"}
    assert data["competencyRequired"] == ["Fundamentals"]


def test_json_ld_cannot_be_broken_out_of(client):
    nasty = "</script><script>alert(1)</script> & more"
    certification = make_certification(name=nasty, summary=nasty)
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    assert json_ld(body)["name"] == nasty


def test_unknown_certification_is_a_404(client):
    assert client.get("/certifications/no-such-exam/").status_code == 404


def test_unpublished_certification_is_hidden_from_visitors_but_previewable_by_editors(editor_client):
    hidden = make_certification(is_published=False)
    assert Client().get(hidden.get_absolute_url()).status_code == 404
    response = editor_client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this certification is not published" in response.content.decode()


def test_staff_without_permission_cannot_preview(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x-long-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_role"))
    client.force_login(user)
    assert client.get(make_certification(is_published=False).get_absolute_url()).status_code == 404


def test_detail_answers_only_get(client):
    assert client.post(make_certification().get_absolute_url()).status_code == 405


def build_rich_certification(count):
    """A certification with ``count`` of everything the page draws."""
    provider = make_provider()
    successor = make_certification(provider=provider)
    certification = make_certification(provider=provider, status="retiring", successor=successor)
    for n in range(count):
        make_domain(certification, weight_min=1, weight_max=2)
        make_source(certification, label=f"Source {n}")
        make_fit(make_role(), certification)
        make_certification(provider=provider, status="retired", successor=certification)
    return certification


@pytest.mark.parametrize("count", [8, 60])
def test_detail_query_count_does_not_grow(client, django_assert_num_queries, count):
    certification = build_rich_certification(count)
    # certification (+ provider, successor), predecessors, domains, sources, role fits (+ roles)
    with django_assert_num_queries(5):
        response = client.get(certification.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["certification"].predecessors.all()) == count


def test_sitemap_lists_the_catalogue_and_published_certifications(client):
    shown = make_certification(slug="shown-one")
    make_certification(slug="hidden-one", is_published=False)
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/certifications/</loc>" in body
    assert f"<loc>http://testserver{shown.get_absolute_url()}</loc>" in body
    assert "hidden-one" not in body
