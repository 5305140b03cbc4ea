"""/job-posting/: the form, the result, bad input, privacy and the query count."""

import logging

import pytest
from django.core.cache import cache

from careerhub.core.public_forms import FORM_BODY_LIMIT
from roles.models import Role
from roles.postings import calibration
from roles.postings.forms import MAX_CHARACTERS
from roles.postings.models import LaneWeight, Phrase
from roles.postings.urls import BODY_LIMIT
from tests import workers

pytestmark = pytest.mark.django_db
URL = "/job-posting/"
SAME_ORIGIN = {"sec-fetch-site": "same-origin"}


def labelled(note_start, title=""):
    postings = calibration.labelled_postings()
    return next(p["text"] for p in postings if p["note"].startswith(note_start) and p["text"].startswith(title))


def post(client, text, **headers):
    return client.post(URL, {"posting": text}, headers={**SAME_ORIGIN, **headers})


def test_form_has_one_textarea_and_says_the_text_is_not_kept(client, sample_content, django_assert_num_queries):
    with django_assert_num_queries(0):  # nothing on the form comes from the database
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<textarea") == 1 and 'name="posting"' in html
    assert "read once to answer you and then dropped: it is not stored, logged or shared" in html
    assert "public" in response["Cache-Control"]


def test_result_ranks_all_five_lanes_in_order_with_bands_and_private_headers(client, sample_content):
    response = post(client, labelled("titled AI Engineer; the work is training"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html
    lanes = [part.split('"')[0] for part in html.split('data-lane="')[1:]]
    assert lanes[0] == "ml-engineer" and sorted(lanes) == sorted(Role.objects.values_list("slug", flat=True))
    assert "Strong match" in html
    assert "Titled “AI Engineer”, which names AI Engineer; the body reads as ML Engineer work:" in html


def test_result_shows_the_evidence_seniority_interview_focus_and_links(client, sample_content):
    html = post(client, labelled("plain, public sector")).content.decode()
    assert '<mark class="posting-mark posting-mark-work">on-site</mark>' not in html  # not in this posting
    assert '<mark class="posting-mark posting-mark-work">Embed with</mark>' in html
    assert '<mark class="posting-mark posting-mark-title">Forward Deployed Software Engineer</mark>' in html
    assert "Customer discovery &amp; comms" in html  # the phrase's skill area
    assert "A mock customer scoping session" in html  # the lane's interview focus
    assert 'href="/roles/forward-deployed-engineer/"' in html
    assert 'href="/compare/' in html and 'href="/fit/"' in html


def test_the_posting_is_escaped_never_rendered_as_html(client, sample_content):
    text = labelled("plain, computer vision") + '\n<script>alert("x")</script><img src=x onerror=alert(1)>'
    html = post(client, text).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_an_empty_posting_gets_the_form_again_with_a_message(client, sample_content, text):
    response = post(client, text)
    assert response.status_code == 400
    assert "the box was empty" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_twenty_thousand_characters_are_read_and_one_more_is_refused_with_a_message(client, sample_content):
    body = labelled("plain, browser agents")
    text = (body * (MAX_CHARACTERS // len(body) + 1))[:MAX_CHARACTERS]
    assert len(text.encode()) > FORM_BODY_LIMIT  # more than other public forms take
    assert post(client, text).status_code == 200
    response = post(client, text + "x")
    assert response.status_code == 413
    assert "this page reads up to 20,000" in response.content.decode()
    assert text[:200] in response.content.decode()  # the text is given back, not lost


def test_a_body_larger_than_any_posting_is_refused_before_it_is_read(client, sample_content):
    response = post(client, "x" * BODY_LIMIT)
    assert response.status_code == 413
    assert "too large for this form" in response.content.decode()


def test_a_cross_site_post_is_refused(client, sample_content):
    response = client.post(
        URL,
        {"posting": labelled("plain", "Machine Learning Engineer, Pricing")},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02\x7f\ufffd binary \x00 junk" * 100,
        "<html><body><div><p>Hello</p></div></body></html>",
        "Ingeniero de aprendizaje automático\nEntrenar modelos y canalizaciones de datos para el equipo.",
    ],
)
def test_junk_html_and_other_languages_say_too_little_to_go_on(client, sample_content, text):
    response = post(client, text)
    assert response.status_code == 200
    assert "Too little to go on" in response.content.decode()
    assert "data-lane=" not in response.content.decode()


def test_a_post_runs_no_query_once_the_vocabulary_is_cached_and_few_when_it_is_not(
    client, sample_content, django_assert_num_queries
):
    text = labelled("plain, RAG in production")
    with django_assert_num_queries(6):  # the first reading builds the vocabulary
        post(client, text)
    with django_assert_num_queries(0):
        post(client, text)
    for _ in range(10):  # ten times the phrases: the same queries
        Phrase.objects.create(text=f"extra phrase {_}")
    cache.clear()
    with django_assert_num_queries(6):
        post(client, text)


def test_an_edit_of_the_vocabulary_changes_the_next_reading(client, sample_content):
    text = "Forecasting Person\nWe need quaternion wrangling, quaternion wrangling and more.\nAlso backtesting."
    assert "Too little to go on" in post(client, text).content.decode()
    phrase = Phrase.objects.create(text="quaternion wrangling", variants="spline herding")
    LaneWeight.objects.create(phrase=phrase, role=Role.objects.get(slug="agentic-ai-engineer"), weight=5)
    Phrase.objects.create(text="and more")
    html = post(client, text + " Spline herding.").content.decode()
    assert html.split('data-lane="')[1].startswith("agentic-ai-engineer")


def test_the_posting_is_never_logged_stored_or_a_cache_key(
    client, sample_content, caplog, settings, django_assert_num_queries
):
    # Redis, as in production, so that every key can be listed afterwards.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": workers.REDIS_URL},
    }
    cache.clear()
    secret = "Zebra-Quokka-7731 " + labelled("plain", "Machine Learning Engineer, Pricing")
    try:
        with caplog.at_level(logging.DEBUG):
            post(client, secret)  # builds and caches the vocabulary
            with django_assert_num_queries(0):  # so nothing is written either
                assert "Zebra-Quokka-7731" in post(client, secret).content.decode()
        assert "Zebra-Quokka" not in caplog.text
        keys = cache.keys("*")
        assert keys and not any("zebra" in key.lower() for key in keys)
        assert not any("Zebra-Quokka" in repr(cache.get(key)) for key in keys)
    finally:
        cache.clear()


def test_the_form_page_is_in_the_sitemap_and_the_result_is_not(client, sample_content):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/job-posting/</loc>" in xml
