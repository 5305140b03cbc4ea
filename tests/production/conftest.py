"""The site as the README deploys it: gunicorn, DJANGO_DEBUG unset, PostgreSQL, Redis.

Debug mode hides differences (a receiver kept alive only by debug-mode references once shipped
broken), so these tests start a real production server in a database of their own and talk to it
over HTTP. Edits run in a separate `manage.py shell` process with the same production settings,
so every receiver involved is the one production registers.

Loopback addresses stand in for the network: 127.0.0.2 is the trusted proxy, 127.0.0.3 and
127.0.0.4 are visitors who reach the node directly.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg2
import pytest
import redis

from tests import workers

ROOT = Path(__file__).resolve().parents[2]
PROXY = "127.0.0.2"
VISITOR = "127.0.0.3"
OTHER_VISITOR = "127.0.0.4"
HOST = "aicareerhub.example"
REDIS_DB = workers.PRODUCTION_REDIS_DB
DB_NAME = workers.PRODUCTION_DB
SECRET = "production-job-secret-key-used-only-by-the-tests-0123456789abcdef"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url():
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    return base, f"postgres://{base['USER'] or 'postgres'}@{base['HOST']}:{base['PORT']}/{DB_NAME}"


def production_env(**extra):
    """Environment of a production process: DJANGO_DEBUG unset, every secret given."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        SITE_URL=f"https://{HOST}",
        DATABASE_URL=database_url()[1],
        CACHE_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        TRUSTED_PROXIES=PROXY,
        # The proxy redirects http to https (as deploy/ does), so direct visitors reach the views.
        DJANGO_SECURE_SSL_REDIRECT="0",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="9",  # nothing listens: mail stays queued, which is all these tests need
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(*args, env=None, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env or production_env(),
        capture_output=True,
        text=True,
        check=check,
    )


def run_python(code, env=None):
    """Run ORM code in a fresh production process (its own receivers, its own settings)."""
    setup = "import django; django.setup()\n"
    result = subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=ROOT,
        env={**(env or production_env()), "DJANGO_SETTINGS_MODULE": "careerhub.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


class Response:
    def __init__(self, raw):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read()

    @property
    def text(self):
        return self.body.decode()

    def cookies(self):
        return self.headers.get_all("Set-Cookie") or []


class Visitor:
    """A minimal HTTP client bound to a source address, keeping its own cookies."""

    def __init__(self, port, source, host=HOST, via_proxy_for=None):
        self.port, self.source, self.host = port, source, host
        self.via_proxy_for = via_proxy_for  # the client address a trusted proxy would report
        self.jar = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15, source_address=(self.source, 0))
        sent = {"Host": self.host, **(headers or {})}
        if self.via_proxy_for:
            sent.setdefault("X-Forwarded-For", self.via_proxy_for)
            sent.setdefault("X-Forwarded-Proto", "https")
        if self.jar:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            response = Response(conn.getresponse())
        finally:
            conn.close()
        for header in response.cookies():
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                self.jar[name] = morsel.value
        return response

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None):
        body = urlencode(data)
        sent = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body=body, headers=sent)


class Server:
    def __init__(self, env, workers=2):
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.log = Path(tempfile.mkstemp(prefix="careerhub-gunicorn-", suffix=".log")[1])
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "careerhub.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "/dev/null",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.visitor(PROXY, via_proxy_for=VISITOR).get("/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start: {self.log.read_text()[-2000:]}")

    def visitor(self, source, **kwargs):
        return Visitor(self.port, source, **kwargs)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture(scope="session")
def production_database():
    """A database of its own, migrated and holding the sample content, with production settings."""
    base, url = database_url()
    params = {"host": base["HOST"], "port": base["PORT"], "user": base["USER"] or "postgres"}
    conn = psycopg2.connect(dbname="postgres", **params)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")
    static_root = tempfile.mkdtemp(prefix="careerhub-static-")
    env = production_env(STATIC_ROOT=static_root)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("load_sample_content", env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    yield env
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    conn.close()


@pytest.fixture(scope="session")
def production_server(production_database):
    """gunicorn with production settings; the TLS proxy's part is played by 127.0.0.2."""
    redis.Redis(db=REDIS_DB).flushdb()
    server = Server(production_database)
    yield server
    server.stop()
    server.log.unlink()


@pytest.fixture
def fresh_limits():
    """Sign-up counts and lockouts from earlier tests are forgotten (the pages stay cached)."""
    client = redis.Redis(db=REDIS_DB)
    for key in client.scan_iter("*newsletter:signups:*"):
        client.delete(key)
    yield
