import datetime

import pytest

from certifications.models import Fact
from tests.factories import make_role, make_skill_area, make_skill_level

from .factories import make_certification, make_domain, make_fact, make_source

pytestmark = pytest.mark.django_db


def path(*slugs):
    return "/certifications/compare/" + "-vs-".join(slugs) + "/"


@pytest.fixture
def trio():
    return [make_certification(slug=slug, exam_code=slug.upper()) for slug in ["aa", "bb", "cc"]]


def test_comparison_table_shows_facts_domains_coverage_and_status(client, trio):
    a, b, _ = trio
    area = make_skill_area(name="Retrieval")
    role = make_role(name="AI Engineer")
    make_skill_level(role, area, 2)
    make_skill_level(role, make_skill_area(name="Maths"), 2)
    make_domain(a, name="Build apps", weight=(100, 100), areas=[area])
    make_fact(a, Fact.Kind.PRICE, "USD 165")
    make_fact(b, Fact.Kind.DURATION, "120 minutes")
    make_fact(b, Fact.Kind.DURATION, "About 100 minutes")
    b.retires_on = datetime.date(2026, 6, 30)
    b.save()
    response = client.get(path("aa", "bb"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="page-title">AA vs BB</h1>' in body
    assert "USD 165" in body and "Build apps: 100%" in body
    assert "Sources disagree:</span> 120 minutes" in body
    assert "<strong>50%</strong>" in body and "Not covered: Maths" in body
    assert 'cert-status-retired"' in body and "Retired 30 June 2026" in body


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        (("bb", "aa"), ("aa", "bb")),
        (("cc", "aa", "bb"), ("aa", "bb", "cc")),
        (("aa", "bb", "aa"), ("aa", "bb")),
        (("AA", "bb"), ("aa", "bb")),
    ],
)
def test_other_orders_and_repeats_redirect_to_the_canonical_url(client, trio, asked, canonical):
    response = client.get(path(*asked))
    assert response.status_code == 301
    assert response["Location"] == path(*canonical)


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        (("aa", "nope"), "We have no certification called “nope”."),
        (("aa",), "on its own is not a comparison"),
        (("aa", "aa"), "on its own is not a comparison"),
        (("aa", "bb", "cc", "dd", "ee"), "at most 4 certifications; that address lists 5"),
        (("aa", "B%C3%A4d"), "does not name certifications we know"),
    ],
)
def test_unknown_or_impossible_comparisons_are_404_with_a_message(client, trio, asked, message):
    response = client.get(path(*asked))
    assert response.status_code == 404
    assert message in response.content.decode()
    assert 'name="c" value="aa"' in response.content.decode()


def test_unpublished_certifications_are_unknown_to_visitors(client, trio):
    make_certification(slug="dd", is_published=False)
    assert client.get(path("aa", "dd")).status_code == 404


def test_pick_form_on_the_catalogue_works_without_javascript(client, trio):
    body = client.get("/certifications/").content.decode()
    assert 'action="/certifications/compare/"' in body and 'method="get"' in body
    assert body.count('type="checkbox" name="c"') == 3
    response = client.get("/certifications/compare/?c=cc&c=aa")
    assert (response.status_code, response["Location"]) == (302, path("aa", "cc"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("c=aa", "Tick 2 to 4 certifications to compare; you ticked 1."),
        ("", "you ticked 0"),
        ("c=aa&c=bb&c=cc&c=dd&c=ee", "you ticked 5"),
        ("c=%00x&c=aa", "We have no certification called “?x”."),
    ],
)
def test_bad_picks_get_a_400_with_the_form(client, trio, query, message):
    response = client.get("/certifications/compare/?" + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_three_certifications_get_a_short_heading_that_names_them_below(client, trio):
    body = client.get(path("aa", "bb", "cc")).content.decode()
    assert '<h1 class="page-title">Three certifications compared</h1>' in body
    assert '<p class="page-subtitle">AA · BB · CC</p>' in body


def test_one_tick_comes_back_ticked_so_one_more_finishes_the_comparison(client, trio):
    body = client.get("/certifications/compare/?c=aa").content.decode()
    assert 'value="aa" id="pick-aa" checked' in body
    assert 'value="bb" id="pick-bb">' in body


def test_the_catalogue_offers_the_comparison_above_the_cards(client, trio):
    body = client.get("/certifications/").content.decode()
    assert body.index('class="cert-compare-form"') < body.index("cert-card")


def build(count):
    """``count`` certifications, each with ``count`` sources, facts and mapped domains; ``count`` roles."""
    areas = [make_skill_area() for _ in range(3)]
    for _ in range(count):
        role = make_role()
        for area in areas:
            make_skill_level(role, area, 3)
    certifications = []
    for n in range(count):
        certification = make_certification(slug=f"exam-{n:03d}")
        for m in range(count):
            source = make_source(certification)
            make_fact(certification, Fact.Kind.values[m % len(Fact.Kind.values)], f"Value {m}", source=source)
            make_domain(certification, weight=(5, 10), areas=[areas[m % 3]], source=source)
        certifications.append(certification)
    return certifications


@pytest.mark.parametrize("count", [3, 30])
def test_comparison_query_count_does_not_grow(client, django_assert_num_queries, count):
    certifications = build(count)
    # Certifications (+ provider, successor), predecessors, sources, facts, role fits, domains, weights,
    # skill areas; roles and their skill levels.
    with django_assert_num_queries(10):
        response = client.get(
            path(*[c.slug for c in certifications[:4]] if count > 3 else [c.slug for c in certifications])
        )
    assert response.status_code == 200
