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
