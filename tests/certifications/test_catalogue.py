import datetime
import re

import pytest
from django.urls import reverse

from certifications.models import Provider, RoleFit
from tests.factories import make_role

from .factories import make_certification, make_domain, make_fact, make_fit, make_provider

pytestmark = pytest.mark.django_db

URL = reverse("certifications:list")


def names(response):
    """Certification names in page order, current then retired."""
    return [c.name for c in response.context["current"] + response.context["retired"]]


@pytest.fixture
def catalogue():
    """A small catalogue: two providers, every status, two roles with fits."""
    msft, google = make_provider(name="Microsoft", slug="microsoft"), make_provider(name="Google", slug="google")
    new = make_certification(provider=msft, name="New one", slug="new-one", beta_from=datetime.date(2026, 4, 21))
    old = make_certification(
        provider=msft, name="Old one", slug="old-one", retires_on=datetime.date(2026, 6, 30), successor=new
    )
    pro = make_certification(provider=google, name="Pro one", slug="pro-one", level="professional")
    leader = make_certification(provider=google, name="Leader one", slug="leader-one", level="foundational")
    ending = make_certification(
        provider=google, name="Ending one", slug="ending-one", retires_on=datetime.date(2030, 1, 1)
    )
    hidden = make_certification(provider=google, name="Hidden one", slug="hidden-one", is_published=False)
    ai, ml = make_role(name="AI Engineer", slug="ai-engineer"), make_role(name="ML Engineer", slug="ml-engineer")
    make_fit(ai, leader, kind=RoleFit.Kind.CONTEXT)
    make_fit(ai, new, kind=RoleFit.Kind.PRIMARY)
    make_fit(ai, old, kind=RoleFit.Kind.ALTERNATIVE)
    make_fit(ml, pro, kind=RoleFit.Kind.PRIMARY)
    make_fit(ml, hidden, kind=RoleFit.Kind.ALTERNATIVE)
    return {"new": new, "old": old, "pro": pro, "leader": leader, "ending": ending, "hidden": hidden}


def test_catalogue_lists_current_certifications_and_counts_only_them(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Ending one", "Leader one", "Pro one", "New one"]
    body = response.content.decode()
    assert "Hidden one" not in body and "Old one" not in body.split("Compare certifications")[0]
    assert "4 certifications." in body
    assert f'<a href="{URL}?retired=on">Also list the 1 retired exam</a>' in body


def test_retired_exams_are_listed_last_and_counted_when_the_visitor_asks(client, catalogue):
    response = client.get(f"{URL}?retired=on")
    assert names(response) == ["Ending one", "Leader one", "Pro one", "New one", "Old one"]
    body = response.content.decode()
    assert "5 certifications, 1 of them retired." in body
    assert body.index("Pro one") < body.index("Retired certifications") < body.index("Old one")
    assert "Also list" not in body


def test_retired_card_says_so_and_links_its_successor(client, catalogue):
    body = client.get(f"{URL}?retired=on").content.decode()
    card = body[body.index("Retired certifications") :]
    assert "Retired 30 June 2026" in card
    assert f'Replaced by <a href="{catalogue["new"].get_absolute_url()}">' in card


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("provider=microsoft", ["New one"]),
        ("provider=microsoft&retired=on", ["New one", "Old one"]),
        ("level=professional", ["Pro one"]),
        ("status=retired", ["Old one"]),
        ("status=beta", ["New one"]),
        ("status=retiring", ["Ending one"]),
        ("provider=google&level=foundational", ["Leader one"]),
        ("provider=microsoft&status=available", []),
    ],
)
def test_filters_narrow_the_catalogue(client, catalogue, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == expected
    assert response.context["notices"] == []


def test_role_filter_lists_that_roles_fits_primary_first_and_counts_no_retired_exam(client, catalogue):
    response = client.get(f"{URL}?role=ai-engineer")
    assert names(response) == ["New one", "Leader one"]
    assert "2 certifications for AI Engineer, primary pick first." in response.content.decode()
    response = client.get(f"{URL}?role=ai-engineer&retired=on")
    assert names(response) == ["New one", "Leader one", "Old one"]


def test_the_level_filter_offers_one_value_per_tier_in_the_providers_own_words(client, catalogue):
    Provider.objects.filter(slug="microsoft").update(entry_level_name="Fundamentals")
    make_certification(provider=Provider.objects.get(slug="microsoft"), name="Basics one", level="foundational")
    response = client.get(URL)
    choices = dict(response.context["form"].fields["level"].choices)
    assert choices["foundational"] == "Foundational / Fundamentals"
    assert "fundamentals" not in choices
    body = response.content.decode()
    assert '<span class="badge cert-level">Fundamentals</span>' in body
    assert names(client.get(f"{URL}?level=foundational")) == ["Leader one", "Basics one"]


def test_role_filter_skips_unpublished_certifications(client, catalogue):
    assert names(client.get(f"{URL}?role=ml-engineer")) == ["Pro one"]


def test_filtered_page_keeps_the_choices_in_the_form(client, catalogue):
    body = client.get(f"{URL}?provider=google&role=ai-engineer").content.decode()
    assert re.search(r'<option value="google" selected>', body)
    assert re.search(r'<option value="ai-engineer" selected>', body)


def test_filter_form_is_a_get_form_without_javascript(client, catalogue):
    body = client.get(URL).content.decode()
    form = re.search(r"<form[^>]*>", body[body.index("catalogue-filters") - 200 :]).group(0)
    assert 'method="get"' in form
    assert f'action="{URL}"' in form
    assert '<button type="submit"' in body


def test_no_match_says_so_and_offers_to_clear(client, catalogue):
    body = client.get(f"{URL}?provider=microsoft&level=foundational").content.decode()
    assert "No certification matches these filters." in body
    assert f'<a href="{URL}">Show all certifications</a>' in body


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("provider=nobody", "We have no provider called “nobody”"),
        ("level=guru", "We have no level called “guru”"),
        ("status=RETIRED", "We have no status called “RETIRED”"),
        ("role=astronaut", "We have no role called “astronaut”"),
        ("role=hidden-role", "We have no role called “hidden-role”"),
        ("level=associate&level=foundational", "Pick one level at a time"),
        ("provider=google&provider=google", "Pick one provider at a time"),
        ("status=%00%01", "We have no status called"),
        ("provider=%3Cscript%3Ealert(1)%3C/script%3E", "We have no provider called “&lt;script&gt;"),
        ("level=" + "x" * 5000, "We have no level called “" + "x" * 40 + "…”"),
        ("role=%F0%9F%A4%96", "We have no role called “🤖”"),
    ],
)
def test_unusable_filter_values_are_ignored_with_a_notice(client, catalogue, query, notice):
    make_role(slug="hidden-role", is_published=False)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert notice in body
    assert "<script>alert" not in body
    assert names(response) == ["Ending one", "Leader one", "Pro one", "New one"]


def test_a_bad_filter_does_not_cancel_the_good_ones(client, catalogue):
    response = client.get(f"{URL}?provider=google&level=guru&status=retiring")
    assert names(response) == ["Ending one"]
    assert response.context["notices"] == ["We have no level called “guru”, so that filter was ignored."]


def test_unknown_parameters_are_ignored_silently(client, catalogue):
    response = client.get(f"{URL}?utm_source=newsletter&page=2")
    assert response.context["notices"] == []
    assert len(names(response)) == 4


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("provider=&level=&role=ai-engineer&status=", f"{URL}?role=ai-engineer"),
        ("provider=&level=&role=&status=", URL),
        ("level=&level=&utm_source=x", f"{URL}?utm_source=x"),
    ],
)
def test_empty_filters_from_the_form_redirect_to_a_short_url(client, catalogue, query, target):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 302
    assert response["Location"] == target


def test_a_repeated_filter_with_one_empty_value_is_used(client, catalogue):
    response = client.get(f"{URL}?level=&level=professional")
    assert names(response) == ["Pro one"]


def test_catalogue_answers_only_get(client):
    assert client.post(URL).status_code == 405


def test_catalogue_has_title_description_and_canonical_without_filters(client, catalogue):
    body = client.get(f"{URL}?provider=google").content.decode()
    assert "<title>AI certifications · AI Career Hub</title>" in body
    assert '<meta name="description" content="Cloud and vendor AI certifications' in body
    assert '<link rel="canonical" href="http://testserver/certifications/">' in body


def test_nav_marks_certifications_as_current(client, catalogue):
    body = client.get(URL).content.decode()
    assert f'<a class="nav-link active" href="{URL}" aria-current="page">Certifications</a>' in body


def build_catalogue(count):
    roles = [make_role() for _ in range(3)]
    providers = [make_provider() for _ in range(3)]
    successor = None
    for n in range(count):
        retired = n % 4 == 0 and successor is not None
        certification = make_certification(
            provider=providers[n % 3],
            retires_on=datetime.date(2026, 6, 30) if retired else None,
            successor=successor if retired else None,
        )
        successor = certification
        make_domain(certification)
        make_fact(certification, quotation="Price: USD 150", checked_on=datetime.date(2026, 12, 4))
        make_fit(roles[n % 3], certification)
        make_fit(roles[(n + 1) % 3], certification, kind=RoleFit.Kind.CONTEXT)
    return roles


@pytest.mark.parametrize("count", [6, 60])  # the same page at ten times the content
@pytest.mark.parametrize(
    "query", ["", "?retired=on", "?provider=provider-x&level=associate", "?role=ROLE&status=available"]
)
def test_catalogue_query_count_does_not_grow(client, django_assert_num_queries, count, query):
    roles = build_catalogue(count)
    query = query.replace("ROLE", roles[0].slug)
    # providers, roles (form choices), certifications, their role fits, their facts, the compare pick list
    with django_assert_num_queries(6):
        response = client.get(URL + query)
    assert response.status_code == 200
    if query in ("", "?retired=on"):
        assert len(names(response)) == (count if query else response.context["count"])
