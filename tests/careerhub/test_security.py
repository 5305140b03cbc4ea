"""Security headers as served, production checks, admin login limits and editor permissions."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert directives["script-src"].startswith("'self'")
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_redirects_and_error_pages_carry_the_policy_too(client):
    response = client.post("/newsletter/subscribe/", {"email": "csp-check@example.com"})
    assert response.status_code == 303
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert "frame-ancestors 'none'" in landing["Content-Security-Policy"]
    assert "Content-Security-Policy" in client.get("/roles/no-such-role/")


def test_production_headers_include_hsts(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_admin_login_is_locked_after_five_failures(client, editor):
    statuses = [
        client.post("/admin/login/?next=/admin/", {"username": editor.username, "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    # Even the right password is refused while the lock holds.
    response = client.post(
        "/admin/login/?next=/admin/", {"username": editor.username, "password": "a-long-test-password"}
    )
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_admin_login_ignores_an_offsite_next(client, editor):
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": editor.username, "password": "a-long-test-password", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_editor_cannot_manage_users_or_groups(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    assert editor_client.get("/admin/roles/role/").status_code == 200
