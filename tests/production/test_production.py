"""What only production does, checked against gunicorn started with DJANGO_DEBUG unset."""

import html
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest

from careerhub.cache import GENERATION_CHECK

from .conftest import (
    DB_NAME,
    HOST,
    OTHER_VISITOR,
    PROXY,
    ROOT,
    VISITOR,
    Server,
    database_url,
    production_env,
    run_python,
)

pytestmark = pytest.mark.production


def through_proxy(server, client_ip):
    return server.visitor(PROXY, via_proxy_for=client_ip)


def edit(code):
    """An editor's change, made by a production process (its own receivers); the server's
    processes see it within GENERATION_CHECK seconds."""
    run_python("from roles.models import *\n" + code)
    time.sleep(GENERATION_CHECK)


# --- Finding 1: edits clear the page cache -------------------------------------------------


def test_a_saved_edit_reaches_visitors_at_once(production_server):
    visitor = through_proxy(production_server, "198.51.100.10")
    before = visitor.get("/roles/ml-engineer/")
    assert before.status == 200
    marker = f"Summary edited {uuid.uuid4().hex[:8]}"
    edit(f"r = Role.objects.get(slug='ml-engineer'); r.summary = {marker!r}; r.save()")
    assert marker in visitor.get("/roles/ml-engineer/").text


def test_a_renamed_skill_area_shows_on_every_page_that_names_it(production_server):
    visitor = through_proxy(production_server, "198.51.100.11")
    area = run_python("from roles.models import SkillArea; print(SkillArea.objects.order_by('pk').first().name)")
    assert html.escape(area) in visitor.get("/roles/ai-engineer/").text
    edit(f"a = SkillArea.objects.get(name={area!r}); a.name = 'Renamed area'; a.save()")
    try:
        assert "Renamed area" in visitor.get("/roles/ai-engineer/").text
    finally:
        edit(f"a = SkillArea.objects.get(name='Renamed area'); a.name = {area!r}; a.save()")


def test_a_deleted_project_leaves_the_page_at_once(production_server):
    visitor = through_proxy(production_server, "198.51.100.12")
    title = run_python(
        "from roles.models import ProjectIdea\n"
        "print(ProjectIdea.objects.filter(role__slug='genai-developer').order_by('pk').last().title)"
    )
    assert title in visitor.get("/roles/genai-developer/").text
    edit(f"ProjectIdea.objects.get(title={title!r}, role__slug='genai-developer').delete()")
    assert title not in visitor.get("/roles/genai-developer/").text


def test_an_unpublished_role_stops_being_public_at_once(production_server):
    visitor = through_proxy(production_server, "198.51.100.13")
    assert visitor.get("/roles/forward-deployed-engineer/").status == 200
    assert "Forward Deployed Engineer" in visitor.get("/roles/").text
    edit("r = Role.objects.get(slug='forward-deployed-engineer'); r.is_published = False; r.save()")
    try:
        assert visitor.get("/roles/forward-deployed-engineer/").status == 404
        assert "/roles/forward-deployed-engineer/" not in visitor.get("/roles/").text
    finally:
        edit("r = Role.objects.get(slug='forward-deployed-engineer'); r.is_published = True; r.save()")


# --- Headers, cookies, deploy checks, pages ---------------------------------------------------


def test_security_headers_and_cookies_as_served(production_server):
    visitor = through_proxy(production_server, "198.51.100.14")
    response = visitor.get("/newsletter/")
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    # A public page is the same bytes for every anonymous visitor: no cookie, public caching.
    assert response.cookies() == []
    assert set(response.headers["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=5"}
    assert "Cookie" not in response.headers.get("Vary", "")
    other = through_proxy(production_server, "198.51.100.99").get("/newsletter/")
    assert other.body == response.body and other.headers["ETag"] == response.headers["ETag"]
    # Cookies that do exist (the admin's) are Secure, HttpOnly and SameSite=Lax.
    login = through_proxy(production_server, "198.51.100.14").get("/admin/login/")
    assert login.cookies()
    for cookie in login.cookies():
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie


def test_a_direct_visitor_cannot_claim_https(production_server):
    # X-Forwarded-Proto from a connection that is not the proxy is dropped: no HSTS, no https.
    response = production_server.visitor(VISITOR).get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_every_page_in_the_sitemap_answers_with_production_settings(production_server):
    visitor = through_proxy(production_server, "198.51.100.15")
    sitemap = visitor.get("/sitemap.xml")
    assert sitemap.status == 200
    paths = [loc.removeprefix(f"https://{HOST}") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)]
    assert len(paths) > 20
    failures = {path: status for path in paths if (status := visitor.get(path).status) != 200}
    assert failures == {}


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(DJANGO_SECURE_SSL_REDIRECT="1"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# --- Finding 2: the sign-up limit ------------------------------------------------------------


def form_post(client, page, path, data, headers=None):
    """Post a form as a browser would: the page first, then the form with the browser's headers
    (and the page's CSRF token where it has one: the admin does, public forms do not)."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(page).text)
    origin = f"https://{HOST}" if client.via_proxy_for else f"http://{HOST}"
    sent = {"Referer": f"{origin}{page}", "Origin": origin, "Sec-Fetch-Site": "same-origin", **(headers or {})}
    fields = {"csrfmiddlewaretoken": token.group(1)} if token else {}
    return client.post(path, {**fields, **data}, headers=sent)


# A sign-up that went through answers 303 (Post/Redirect/Get to the "check your inbox" page).
SIGNED_UP = 303


def sign_up(client, n, headers=None):
    email = f"limit-{uuid.uuid4().hex[:10]}-{n}@example.com"
    return form_post(client, "/newsletter/", "/newsletter/subscribe/", {"email": email}, headers=headers)


def test_a_rotating_forwarded_for_does_not_dodge_the_limit(production_server, fresh_limits):
    direct = production_server.visitor(VISITOR)
    statuses = [sign_up(direct, n, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status for n in range(7)]
    assert statuses == [SIGNED_UP] * 5 + [429, 429]
    # Another direct visitor has a limit of its own.
    assert sign_up(production_server.visitor(OTHER_VISITOR), 0).status == SIGNED_UP


def test_behind_the_proxy_each_client_has_its_own_limit(production_server, fresh_limits):
    first = [sign_up(through_proxy(production_server, "203.0.113.50"), n).status for n in range(6)]
    # The client's own X-Forwarded-For entry (left of what the proxy appended) is ignored.
    spoofed = production_server.visitor(PROXY, via_proxy_for="192.0.2.1, 203.0.113.50")
    assert first == [SIGNED_UP] * 5 + [429]
    assert sign_up(spoofed, 0).status == 429
    assert sign_up(through_proxy(production_server, "203.0.113.51"), 0).status == SIGNED_UP


def test_ipv6_clients_are_limited_per_64_network(production_server, fresh_limits):
    statuses = [sign_up(through_proxy(production_server, f"2001:db8:1:2::{n + 1:x}"), n).status for n in range(6)]
    assert statuses == [SIGNED_UP] * 5 + [429]
    assert sign_up(through_proxy(production_server, "2001:db8:1:3::1"), 0).status == SIGNED_UP


@pytest.fixture(scope="module")
def server_without_redis(production_database):
    server = Server({**production_database, "CACHE_URL": "redis://127.0.0.1:1/0", "NEWSLETTER_SIGNUPS_PER_HOUR": "2"})
    yield server
    server.stop()


def test_with_redis_down_the_limit_still_holds(server_without_redis):
    client = through_proxy(server_without_redis, "203.0.113.60")
    statuses = [sign_up(client, n).status for n in range(6)]
    # Each of the two workers counts on its own while Redis is down: at most 2 x 2 get through.
    assert statuses.count(SIGNED_UP) <= 4
    assert set(statuses) == {SIGNED_UP, 429}
    server_without_redis.stop()
    assert "counting sign-ups in this process only" in server_without_redis.log.read_text()


# --- Finding 4: lockouts --------------------------------------------------------------------


@pytest.fixture(scope="module")
def editor_account(production_server):
    run_python(
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "User = get_user_model()\n"
        "u, _ = User.objects.get_or_create(username='lockout-editor', defaults={'is_staff': True})\n"
        "u.set_password('a-long-editor-password'); u.save()\n"
        "u.groups.add(Group.objects.get(name='Editors'))\n"
    )
    return "lockout-editor", "a-long-editor-password"


def log_in(client, username, password):
    path = "/admin/login/?next=/admin/"
    return form_post(client, path, path, {"username": username, "password": password, "next": "/admin/"})


def test_wrong_passwords_from_elsewhere_never_lock_an_editor_out_of_their_network(production_server, editor_account):
    username, password = editor_account
    attacker = through_proxy(production_server, "198.51.100.66")
    statuses = [log_in(attacker, username, "wrong-password").status for _ in range(6)]
    assert statuses[-1] == 429
    assert log_in(through_proxy(production_server, "198.51.100.66"), username, password).status == 429
    # The editor, behind the same TLS proxy but on their own network, still gets in.
    editor = through_proxy(production_server, "203.0.113.77")
    response = log_in(editor, username, password)
    assert response.status == 302 and response.headers["Location"] == "/admin/"
    assert editor.get("/admin/").status == 200


def test_the_documented_reset_lifts_a_lock(production_server, editor_account):
    username, password = editor_account
    victim = through_proxy(production_server, "198.51.100.67")
    for _ in range(5):
        log_in(victim, username, "wrong-password")
    assert log_in(through_proxy(production_server, "198.51.100.67"), username, password).status == 429
    subprocess.run(
        [sys.executable, "manage.py", "axes_reset_username", username],
        cwd=ROOT,
        env=production_env(),
        check=True,
        capture_output=True,
    )
    assert log_in(through_proxy(production_server, "198.51.100.67"), username, password).status == 302


# --- Finding 5: the smaller ones ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/robots.txt", "/sitemap.xml", "/newsletter/feed/", "/changes/feed/"])
def test_absolute_urls_come_from_site_url_whatever_the_host_header(production_server, path):
    visitor = production_server.visitor(PROXY, via_proxy_for="198.51.100.20", host=f"{HOST}:8443")
    response = visitor.get(path)
    assert response.status == 200
    urls = re.findall(r"https?://[^\s<\"']+", response.text)
    ours = [url for url in urls if HOST in url]
    assert ours, response.text[:500]
    assert all(url.startswith(f"https://{HOST}/") for url in ours), [u for u in ours if ":8443" in u][:3]


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "DELETE"])
@pytest.mark.parametrize(
    "path", ["/newsletter/feed/", "/changes/feed/", "/changes/", "/robots.txt", "/sitemap.xml", "/", "/roles/"]
)
def test_feeds_and_pages_answer_only_get_and_head(production_server, method, path):
    response = through_proxy(production_server, "198.51.100.21").request(method, path)
    if method in ("PUT", "DELETE"):
        assert response.status == 403  # refused before the view: no CSRF token
    else:
        assert response.status == 405
        assert response.headers["Allow"] in ("GET, HEAD", "HEAD, GET")


def test_junk_query_parameters_are_never_stored(production_server):
    visitor = through_proxy(production_server, "198.51.100.22")
    assert "public" in visitor.get("/certifications/?provider=aws").headers["Cache-Control"]
    for n in range(5):
        for path in (f"/certifications/?utm_source=x{n}", f"/certifications/?provider=nobody-{n}", f"/roles/?junk={n}"):
            response = visitor.get(path)
            assert response.status == 200
            # Neither the app nor nginx keeps such a page: each is rendered for its visitor.
            assert "public" not in response.headers["Cache-Control"], path


def count_rows(model):
    return int(run_python(f"from django.apps import apps; print(apps.get_model({model!r}).objects.count())"))


def test_each_sign_up_queues_exactly_one_task_whatever_the_address(production_server, fresh_limits):
    client = through_proxy(production_server, "203.0.113.90")
    email = f"queued-{uuid.uuid4().hex[:8]}@example.com"
    runs_before = count_rows("django_tasks_database.DBTaskResult")
    statuses = [client.post("/newsletter/subscribe/", {"email": email}).status for _ in range(3)]
    assert statuses == [SIGNED_UP] * 3
    # One sign-up task each, as sent (the task decides what it means); nothing else is written.
    assert count_rows("django_tasks_database.DBTaskResult") - runs_before == 3
    assert (
        run_python(
            f"from newsletter.models import Subscriber; print(Subscriber.objects.filter(email={email!r}).count())"
        )
        == "0"
    )


def test_a_10_mb_upload_to_the_sign_up_form_is_refused_unread(production_server, fresh_limits):
    boundary = "careerhubboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nbig@example.com\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="cv"; filename="cv.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * (10 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    visitor = through_proxy(production_server, "203.0.113.91")
    try:
        response = visitor.request(
            "POST",
            "/newsletter/subscribe/",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        assert response.status == 413
    except ConnectionError:
        pass  # gunicorn may close the connection once the answer is sent and the rest is unread


# --- The health check of kept-open database connections ----------------------------------


def site_sessions(cursor):
    """Backend pids of the site's open PostgreSQL sessions (every one but the test's own)."""
    cursor.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s "
        "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
        [DB_NAME],
    )
    return {row[0] for row in cursor.fetchall()}


def test_every_worker_recovers_at_once_when_postgresql_ends_its_sessions(production_server):
    """A restart or pg_terminate_backend() leaves each worker holding a dead connection; the
    health check notices before the request uses it, so no visitor sees the 503 page."""
    base, _ = database_url()
    conn = psycopg2.connect(
        dbname=DB_NAME,
        host=base["HOST"],
        port=base["PORT"],
        user=base["USER"] or "postgres",
        password=base["PASSWORD"] or None,
    )
    conn.autocommit = True
    client = through_proxy(production_server, "203.0.113.91")
    # An unknown result looks its id up in the database: every request needs a connection.
    missing = f"/fit/{uuid.uuid4()}/"

    def eight_at_a_time(count):
        # Concurrent requests reach every worker; one after another, one worker may take them all.
        with ThreadPoolExecutor(8) as pool:
            return list(pool.map(lambda _: client.get(missing).status, range(count)))

    try:
        with conn.cursor() as cursor:
            deadline = time.monotonic() + 10
            while len(site_sessions(cursor)) < production_server.workers and time.monotonic() < deadline:
                assert set(eight_at_a_time(40)) == {404}
            ended = site_sessions(cursor)
            assert len(ended) == production_server.workers, "each worker keeps its connection open"
            cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s) AS pid", [list(ended)])
            deadline = time.monotonic() + 5
            while site_sessions(cursor) & ended and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not site_sessions(cursor) & ended

            assert eight_at_a_time(40) == [404] * 40
            # Both workers served some of those on a new session (none was left unexercised).
            assert len(site_sessions(cursor)) == production_server.workers
    finally:
        conn.close()
