"""Two app nodes behind Debian's nginx, configured with deploy/nginx/careerhub-proxy.conf.

nginx listens on loopback and plays the TLS proxy: it connects to the nodes from 127.0.0.1,
which the nodes trust. Node A and node B are gunicorn with production settings, sharing one
PostgreSQL database and one Redis, as deploy/ describes.
"""

import html
import os
import re
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from careerhub.cache import GENERATION_CHECK, SHARED_MAX_AGE

from .conftest import HOST, VISITOR, Server, Visitor, manage, run_python
from .nginx import Nginx

pytestmark = pytest.mark.production


@pytest.fixture(scope="module")
def nodes(production_database):
    env = {**production_database, "TRUSTED_PROXIES": "127.0.0.1", "NEWSLETTER_SIGNUPS_PER_HOUR": "100000"}
    node_a, node_b = Server(env, workers=1), Server(env, workers=1)
    yield node_a, node_b
    node_a.stop()
    node_b.stop()


@pytest.fixture(scope="module")
def nginx(nodes):
    proxy = Nginx([node.port for node in nodes])
    yield proxy.port
    proxy.stop()


def through_nginx(port):
    return Visitor(port, "127.0.0.1")


def test_nginx_keeps_public_pages_and_revalidates_them(nginx):
    client = through_nginx(nginx)
    first = client.get("/roles/")
    assert first.status == 200, first.text[:300]
    again = client.get("/roles/")
    assert first.status == again.status == 200
    assert again.headers["X-Cache"] == "HIT"
    assert again.body == first.body
    assert "Set-Cookie" not in again.headers
    time.sleep(SHARED_MAX_AGE + 1.5)  # nginx counts whole seconds
    # Expired in nginx: it asks a node with the ETag, which answers 304; the page stays the same.
    assert client.get("/roles/").headers["X-Cache"] in ("REVALIDATED", "EXPIRED", "STALE", "UPDATING")


def test_an_edit_through_node_a_is_served_by_nginx_within_the_bound(nodes, nginx):
    node_a = nodes[0]
    client = through_nginx(nginx)
    area = run_python("from roles.models import SkillArea; print(SkillArea.objects.order_by('pk').last().pk)")
    assert client.get("/roles/ml-engineer/").status == 200  # cached in nginx and in the app

    run_python(
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "u, _ = get_user_model().objects.get_or_create(username='node-editor', defaults={'is_staff': True})\n"
        "u.set_password('a-long-node-password'); u.save(); u.groups.add(Group.objects.get(name='Editors'))\n"
    )
    editor = node_a.visitor(VISITOR)  # straight to node A, as an editor on the inside network would
    login = editor.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    origin = {"Origin": f"http://{HOST}", "Referer": f"http://{HOST}/admin/login/"}
    editor.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": token,
            "username": "node-editor",
            "password": "a-long-node-password",
            "next": "/admin/",
        },
        headers=origin,
    )
    form = editor.get(f"/admin/roles/skillarea/{area}/change/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = dict(re.findall(r'<input type="text" name="(\w+)" value="([^"]*)"', form))
    order = re.search(r'name="display_order" value="(\d+)"', form).group(1)
    new_name = f"Edited on node A {uuid.uuid4().hex[:6]}"
    saved = editor.post(
        f"/admin/roles/skillarea/{area}/change/",
        {
            "csrfmiddlewaretoken": token,
            "name": new_name,
            "slug": html.unescape(fields["slug"]),
            "description": "",
            "display_order": order,
        },
        headers=origin,
    )
    assert saved.status == 302, saved.text[:2000]
    edited_at = time.monotonic()
    while new_name not in client.get("/roles/ml-engineer/").text:
        assert time.monotonic() - edited_at < SHARED_MAX_AGE + 1, "the edit did not reach visitors in time"
        time.sleep(0.05)
    shown_after = time.monotonic() - edited_at
    print(f"edit shown through nginx after {shown_after:.2f} s")
    # Node B, asked directly, has it too (it rereads the shared generation every GENERATION_CHECK s).
    time.sleep(GENERATION_CHECK)
    assert new_name in nodes[1].visitor("127.0.0.1").get("/roles/ml-engineer/").text


def run_worker():
    """What the worker (deploy/systemd/careerhub-worker.service) does with the queue, once."""
    manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def test_a_sign_up_through_nginx_creates_exactly_one_row(nginx):
    email = f"via-nginx-{uuid.uuid4().hex[:8]}@example.com"
    response = through_nginx(nginx).post("/newsletter/subscribe/", {"email": email})
    assert (response.status, response.headers["Location"]) == (303, "/newsletter/subscribe/done/")
    run_worker()  # the request queues the sign-up task; the worker runs it
    assert (
        run_python(
            f"from newsletter.models import Subscriber; print(Subscriber.objects.filter(email={email!r}).count())"
        )
        == "1"
    )


def test_stopping_node_a_under_load_loses_no_get_and_duplicates_no_row(nodes, nginx):
    node_a = nodes[0]
    stop = threading.Event()
    gets, posts = [], []
    paths = ["/roles/", "/roles/ai-engineer/", "/certifications/", "/roles/?ref={n}", "/compare/?ref={n}"]

    def load_gets(worker):
        n = 0
        while not stop.is_set():
            path = paths[n % len(paths)].format(n=f"{worker}-{n}")  # ?ref= is never cached: it reaches a node
            gets.append((through_nginx(nginx).get(path).status, time.monotonic()))
            n += 1

    def load_posts(worker):
        n = 0
        while not stop.is_set():
            email = f"load-{worker}-{n}-{uuid.uuid4().hex[:6]}@example.com"
            try:
                status = through_nginx(nginx).post("/newsletter/subscribe/", {"email": email}).status
            except OSError:
                status = None
            posts.append((email, status))
            n += 1

    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(load_gets, w) for w in range(4)] + [pool.submit(load_posts, w) for w in range(2)]
        time.sleep(1.5)
        os.killpg(node_a.proc.pid, signal.SIGKILL)  # the node dies mid-request, as a crash would
        killed_at = time.monotonic()
        time.sleep(2.5)
        stop.set()
        for future in futures:
            future.result()

    lost = [status for status, _ in gets if status != 200]
    print(f"{len(gets)} GETs, {len(lost)} lost; {len(posts)} POSTs")
    # Traffic on both sides of the crash (a count would depend on how busy the machine is).
    after = [at for _, at in gets if at > killed_at + 0.5]
    assert len(gets) > len(after) >= 10 and lost == []
    emails = [email for email, _ in posts]
    run_worker()
    counts = run_python(
        "import json, sys\n"
        "from newsletter.models import Subscriber\n"
        f"emails = {emails!r}\n"
        "rows = list(Subscriber.objects.filter(email__in=emails).values_list('email', flat=True))\n"
        "print(json.dumps(rows))"
    )
    import json

    stored = json.loads(counts)
    assert len(stored) == len(set(stored)), "a sign-up was stored twice"
    for email, status in posts:
        if status == 303:  # signed up
            assert email in stored
        else:
            assert status in (None, 502, 504)
