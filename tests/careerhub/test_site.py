import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_role

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_database_fails(client, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.base import base

    def broken_cursor(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(base.BaseDatabaseWrapper, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_robots_points_to_sitemap_and_hides_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_published_roles_only(client):
    make_role(slug="visible-role")
    make_role(slug="hidden-role", is_published=False)
    body = client.get("/sitemap.xml").content.decode()
    assert "/roles/visible-role/" in body
    assert "hidden-role" not in body


def test_unknown_url_gets_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_404_page_needs_no_database(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/no-such-page/")
    assert len(queries) == 0


def test_404_page_wears_the_site_header_navigation_search_and_footer(client):
    body = client.get("/no-such-page/").content.decode()
    assert 'aria-label="Main"' in body and 'role="search"' in body and 'class="site-footer' in body
    assert 'href="/certifications/"' in body and '<meta name="robots" content="noindex">' in body


@pytest.mark.parametrize(
    ("template", "heading"), [("500.html", "Something went wrong"), ("503.html", "back in a moment")]
)
def test_server_error_pages_render_the_chrome_from_settings_alone(template, heading):
    from careerhub.views import render_static_page

    with CaptureQueriesContext(connection) as queries:
        body = render_static_page(template, status=500).content.decode()
    assert len(queries) == 0
    assert heading in body and 'aria-label="Main"' in body and 'class="site-footer' in body


def test_style_guide_is_for_staff_only_outside_debug(client, django_user_model):
    assert client.get("/style/").status_code == 404
    staff = django_user_model.objects.create_user("designer", password="x-long-password", is_staff=True)
    client.force_login(staff)
    response = client.get("/style/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<meta name="robots" content="noindex">' in body and "heat-5" in body and "side-model" in body


def test_style_guide_is_open_in_debug_mode(client, settings):
    settings.DEBUG = True
    assert client.get("/style/").status_code == 200
