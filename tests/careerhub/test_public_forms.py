"""Public forms take no per-visitor token; cross-site POSTs are refused by Fetch Metadata and Origin,
and oversized bodies and uploads before anything reads them."""

import pytest
from django.test import Client

from careerhub.core.public_forms import FORM_BODY_LIMIT
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db
URL = "/newsletter/subscribe/"


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def send(headers):
        with django_capture_on_commit_callbacks(execute=True):  # the sign-up task runs after the commit
            return Client(enforce_csrf_checks=True).post(URL, {"email": "origin@example.com"}, headers=headers)

    return send


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "same-origin"},
        {"sec-fetch-site": "none"},  # typed or bookmarked
        {"origin": "http://testserver"},  # the request's own origin
        {"origin": "http://testserver", "sec-fetch-site": "same-origin"},
        {},  # not a browser: nothing a cross-site page could forge
    ],
)
def test_same_origin_and_non_browser_posts_pass(post, headers):
    assert post(headers).status_code == 303
    assert Subscriber.objects.filter(email="origin@example.com").exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},  # a sibling subdomain is another site's page too
        {"sec-fetch-site": "cross-site", "origin": "http://testserver"},  # Fetch Metadata wins
        {"origin": "https://evil.example"},
        {"origin": "null"},  # sandboxed frames and data: URLs
        {"origin": "http://testserver.evil.example"},
    ],
)
def test_cross_site_posts_are_refused_and_store_nothing(post, headers):
    response = post(headers)
    assert response.status_code == 403
    assert b"This form was sent from another site" in response.content
    assert not Subscriber.objects.exists()


def test_the_site_url_origin_is_accepted_behind_a_proxy_with_another_host(post, settings):
    settings.SITE_URL = "https://aicareerhub.example"
    assert post({"origin": "https://aicareerhub.example"}).status_code == 303


def test_the_admin_keeps_django_csrf_tokens():
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "password": "y"}, headers={"sec-fetch-site": "same-origin"}
    )
    assert response.status_code == 403


def test_the_questionnaire_refuses_cross_site_posts(sample_content):
    response = Client().post("/fit/", {}, headers={"sec-fetch-site": "cross-site"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/newsletter/subscribe/", "/fit/", "/plan/"])
def test_every_public_form_refuses_big_bodies_and_files_without_storing_anything(path, sample_content, tmp_path):
    too_big = Client().post(path, {"email": "big@example.com", "padding": "x" * (FORM_BODY_LIMIT + 1)})
    assert too_big.status_code == 413
    assert b"too large for this form" in too_big.content
    upload = tmp_path / "cv.txt"
    upload.write_text("a file")
    with upload.open("rb") as handle:
        with_file = Client().post(path, {"email": "file@example.com", "cv": handle})
    assert with_file.status_code == 400
    assert b"does not take files" in with_file.content
    assert not Subscriber.objects.exists()
