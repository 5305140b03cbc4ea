import datetime
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from certifications.models import Fact, RoleFit, SourceLink
from tests.factories import make_role, make_skill_area, make_skill_level

from .factories import make_certification, make_domain, make_fact, make_fit, make_provider, make_source, make_weight

pytestmark = pytest.mark.django_db


def json_ld(body):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def in_days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def pair():
    """AI-102 retired in favour of AI-103, as in the sample content."""
    msft = make_provider(name="Microsoft", slug="microsoft")
    new = make_certification(
        provider=msft, exam_code="AI-103", name="Apps and Agents", slug="ai-103", beta_from=datetime.date(2026, 4, 21)
    )
    old = make_certification(
        provider=msft,
        exam_code="AI-102",
        name="AI Engineer",
        slug="ai-102",
        retires_on=datetime.date(2026, 6, 30),
        successor=new,
    )
    return old, new


def test_retired_page_says_so_at_the_top_and_links_its_successor(client, pair):
    old, new = pair
    body = client.get(old.get_absolute_url()).content.decode()
    notice = body.index("retired this certification on 30 June 2026. You can no longer take or renew it.")
    assert notice < body.index('<h1 class="page-title">')
    link = f'<a class="fw-semibold" href="{new.get_absolute_url()}">AI-103 Apps and Agents</a>'
    assert f"Its replacement is {link} (in beta)" in body
    assert "(retired)" in re.search(r"<title>(.*?)</title>", body).group(1)


def test_retired_page_keeps_its_roles_and_says_what_took_its_place(client, pair):
    old, new = pair
    make_fit(make_role(name="AI Engineer"), old, from_sources=True, rationale="Was the strongest fit.")
    body = client.get(old.get_absolute_url()).content.decode()
    assert "Roles it served" in body and "Not mapped" not in body
    assert f'<a href="{new.get_absolute_url()}">AI-103</a> has taken its place' in body
    assert "the exam's own pages name this role" in body


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


STATUSES = {
    "available": ({}, None),
    "beta": ({"beta_from": datetime.date(2026, 4, 21)}, "In beta since 21 April 2026"),
    "announced": ({"beta_from": in_days(30)}, "Announced: the beta opens on"),
    "retiring": ({"retires_on": in_days(200)}, "Retires on "),
    "retired": ({"retires_on": datetime.date(2026, 6, 30)}, "retired this certification on 30 June 2026"),
}


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_a_page_with_its_own_banner(client, status):
    certification = make_certification(**STATUSES[status][0])
    response = client.get(certification.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert f'cert-status-{status}"' in body
    for other, (_, text) in STATUSES.items():
        if text:
            assert (text in body) == (other == status), other


def test_an_exam_retiring_within_90_days_warns(client):
    soon = make_certification(retires_on=in_days(30))
    body = client.get(soon.get_absolute_url()).content.decode()
    assert "in 30 days: we no longer suggest it as anyone's first certification" in body
    later = make_certification(retires_on=in_days(120))
    assert "no longer suggest" not in client.get(later.get_absolute_url()).content.decode()


def fact_cells(body):
    return dict(re.findall(r'<tr(?: class="[^"]*")?>\s*<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', body, re.S))


def test_each_fact_shows_its_source_and_when_it_was_checked(client):
    certification = make_certification()
    guide = make_source(
        certification, label="Exam guide", url="https://vendor.example/exam/guide", source_date="May 2026"
    )
    make_fact(certification, Fact.Kind.PRICE, "USD 165", source=guide)
    make_fact(
        certification,
        Fact.Kind.DURATION,
        "100 minutes",
        source=guide,
        checked_on=datetime.date(2026, 11, 20),
        checked_by="Alice",
    )
    body = client.get(certification.get_absolute_url()).content.decode()
    cells = fact_cells(body)
    assert "USD 165" in cells["Price"]
    guide_link = '<a href="https://vendor.example/exam/guide" rel="noopener">Exam guide</a> (third party)'
    assert f"{guide_link}, page dated May 2026" in cells["Price"]
    assert "checked" not in cells["Price"]
    assert "page dated May 2026; checked 20 November 2026" in cells["Exam length"]
    assert '<span class="not-published">Not published</span>' in cells["Valid for"]
    # What nobody checked is said once, at the top, with which facts it concerns.
    assert body.count("ot yet checked") == 1
    assert "Not yet checked: price." in body
    summary = 'Facts checked on <time datetime="2026-11-20">20 November 2026</time> against 1 source (0 official).'
    assert summary in body


def test_the_check_line_counts_sources_and_official_ones_and_spans_dates(client):
    certification = make_certification()
    guide = make_source(certification, kind=SourceLink.Kind.OFFICIAL, url="https://vendor.example/exam/guide")
    blog = make_source(certification, url="https://blog.example/exam-review")
    make_fact(certification, Fact.Kind.PRICE, "USD 165", source=guide, checked_on=datetime.date(2026, 12, 1))
    make_fact(certification, Fact.Kind.DURATION, "100 minutes", source=blog, checked_on=datetime.date(2026, 12, 4))
    make_domain(certification, name="Agents", weight=(30, 35), source=blog)
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "Facts checked between" in body and "1 December 2026" in body and "4 December 2026" in body
    assert "against 2 sources (1 official)." in body
    assert "Not yet checked: weight of “Agents”." in body


def test_many_unchecked_facts_are_named_in_one_sentence(client):
    certification = make_certification()
    source = make_source(certification)
    for kind in [Fact.Kind.PRICE, Fact.Kind.DURATION, Fact.Kind.QUESTIONS, Fact.Kind.PASS_MARK]:
        make_fact(certification, kind, "1", source=source)
    body = client.get(certification.get_absolute_url()).content.decode()
    assert body.count("ot yet checked") == 1
    assert "Not yet checked: price, exam length, questions, pass mark." in body
    assert "Facts checked" not in body


def test_the_status_line_is_written_from_the_dates_and_a_passed_target_stops_showing(client):
    certification = make_certification(beta_from=datetime.date(2026, 4, 21), available_target=in_days(40))
    make_fact(certification, Fact.Kind.STATUS, "Beta since 21 April 2026", checked_on=datetime.date(2026, 12, 4))
    target = f"{in_days(40):%B %Y}"
    cells = fact_cells(client.get(certification.get_absolute_url()).content.decode())
    assert f"In beta since 21 April 2026; general availability targeted for {target}" in cells["Status and dates"]
    certification.available_target = in_days(-40)
    certification.save()
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "In beta since 21 April 2026" in fact_cells(body)["Status and dates"]
    assert "targeted" not in body and "aiming for" not in body


def test_disagreeing_sources_are_both_shown_until_settled(client):
    certification = make_certification()
    long = make_fact(certification, Fact.Kind.DURATION, "120 minutes")
    make_fact(certification, Fact.Kind.DURATION, "About 100 minutes")
    cells = fact_cells(client.get(certification.get_absolute_url()).content.decode())
    assert "Sources disagree" in cells["Exam length"]
    assert "120 minutes" in cells["Exam length"] and "About 100 minutes" in cells["Exam length"]
    long.is_accepted = True
    long.save()
    cells = fact_cells(client.get(certification.get_absolute_url()).content.decode())
    assert "Sources disagree" not in cells["Exam length"] and "About 100" not in cells["Exam length"]


def test_skill_domains_show_weights_with_sources_and_disagreements(client):
    certification = make_certification(domains_as_of=datetime.date(2025, 12, 23))
    area = make_skill_area(name="Agent orchestration")
    agents = make_domain(certification, name="Agents", weight=(30, 35), areas=[area], order=2)
    make_weight(agents, 35, 40)
    make_domain(certification, name="Plan and manage", weight=(15, 20), order=1)
    body = client.get(certification.get_absolute_url()).content.decode()
    assert body.index("Plan and manage") < body.index("Agents")
    assert '<span class="domain-bar" style="width: 15%"></span><span class="domain-spread" style="width: 5%">' in body
    assert "30–35%" in body and "35–40%" in body and "Sources disagree" in body
    assert "Tests: Agent orchestration" in body
    assert "skills outline dated 23 December 2025" in body


def test_without_domains_the_page_explains_why(client):
    certification = make_certification(domains_note="Sources disagree on the weights.")
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "Sources disagree on the weights." in body
    assert "domain-bar" not in body
    assert "Not computed: the exam's domains are not published." in body


def test_coverage_of_every_role_with_the_formula(client):
    certification = make_certification()
    mapped, unmapped = make_skill_area(name="Retrieval"), make_skill_area(name="Statistics")
    for name, levels in [("Builder", (3, 1)), ("Scientist", (1, 3))]:
        role = make_role(name=name)
        make_skill_level(role, mapped, levels[0])
        make_skill_level(role, unmapped, levels[1])
    make_domain(certification, weight=(100, 100), areas=[mapped])
    body = client.get(certification.get_absolute_url()).content.decode()
    table = body[body.index("coverage-table") :]
    assert re.search(r">Builder</a></th>\s*<td[^>]*>75%</td>\s*<td[^>]*>Statistics</td>", table)
    assert re.search(r">Scientist</a></th>\s*<td[^>]*>25%</td>", table)
    assert "at least 10% of the exam tests it" in body


def test_official_page_and_sources_with_what_the_checker_saw(client):
    certification = make_certification()
    make_source(certification, kind=SourceLink.Kind.OFFICIAL_PAGE, url="https://vendor.example/cert/x")
    make_source(certification, label="Blog", check_result="changed", checked_at=timezone.now())
    body = client.get(certification.get_absolute_url()).content.decode()
    assert 'href="https://vendor.example/cert/x" rel="noopener">Official page at' in body
    assert "ot yet checked" not in body  # the checker's first visit is not news
    assert "Changed since our checker's previous visit" in body
    assert "Third party" in body


def test_a_retired_exam_reads_as_history(client, pair):
    old, new = pair
    make_source(old, kind=SourceLink.Kind.OFFICIAL_PAGE, url="https://vendor.example/cert/old")
    make_domain(old, weight=(100, 100), areas=[make_skill_area()])
    make_role()
    body = client.get(old.get_absolute_url()).content.decode()
    assert "Official page at" not in body
    assert "coverage-table" not in body
    assert f'<a href="{new.get_absolute_url()}#coverage-heading">how much of each role AI-103 covers</a>' in body
    assert "Retired on 30 June 2026; replaced by" in fact_cells(body)["Status and dates"]


def test_page_lists_the_roles_it_fits_with_rationale(client):
    certification = make_certification()
    ai = make_role(name="AI Engineer", slug="ai-engineer")
    make_fit(make_role(name="ML Engineer"), certification, kind=RoleFit.Kind.CONTEXT, rationale="Some *context*.")
    make_fit(ai, certification, kind=RoleFit.Kind.PRIMARY, rationale="The **main** pick.")
    make_fit(make_role(name="Unpublished role", is_published=False), certification)
    body = client.get(certification.get_absolute_url()).content.decode()
    aside = body[body.index('id="fits-heading"') :]
    assert aside.index("AI Engineer") < aside.index("ML Engineer")
    assert f'<a class="fw-semibold" href="{ai.get_absolute_url()}">AI Engineer</a>' in body
    assert "The <strong>main</strong> pick." in body
    assert "Primary pick" in body and "our editors' judgement" in body
    assert "Unpublished role" not in aside


def test_page_has_title_meta_description_and_canonical(client):
    certification = make_certification(exam_code="MLA-C01", name="ML Engineer Associate", summary="Short summary.")
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "<title>MLA-C01 ML Engineer Associate · AI Career Hub</title>" in body
    assert '<meta name="description" content="Short summary.">' in body
    assert f'<link rel="canonical" href="http://testserver{certification.get_absolute_url()}">' in body


def test_json_ld_describes_the_credential(client):
    certification = make_certification(name="Generative AI Leader", exam_code="", level="foundational")
    make_domain(certification, name="Fundamentals", weight=(30, 30))
    data = json_ld(client.get(certification.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["name"] == "Generative AI Leader"
    assert data["url"] == f"http://testserver{certification.get_absolute_url()}"
    assert data["educationalLevel"] == "Foundational"
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
    certification = make_certification(provider=provider, retires_on=in_days(400), successor=successor)
    area = make_skill_area()
    for _ in range(count):
        source = make_source(certification)
        make_domain(certification, weight=(1, 2), areas=[area], source=source)
        make_fact(certification, source=source, quotation="USD 150", checked_on=datetime.date(2026, 12, 4))
        role = make_role()
        make_skill_level(role, area, 3)
        make_fit(role, certification)
        make_certification(provider=provider, retires_on=datetime.date(2026, 6, 30), successor=certification)
    return certification


@pytest.mark.parametrize("count", [6, 60])  # the same page at ten times the content
def test_detail_query_count_does_not_grow(client, django_assert_num_queries, count):
    certification = build_rich_certification(count)
    # certification (+ provider, successor), predecessors, sources, facts (+ sources), role fits (+ roles),
    # domains, their weights (+ sources), their skill areas; then roles and their skill levels for coverage.
    with django_assert_num_queries(10):
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
