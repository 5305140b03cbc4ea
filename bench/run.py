"""Page benchmark: the site under gunicorn, driven by wrk, every page measured against two references.

Run with `make bench`. It is a benchmark, not a test: it prints a table and writes
bench/results/pages-<timestamp>.json (git-ignored). Ratios to the trivial Django view are the
figures that count; absolute numbers move with whatever else the machine is doing.

Each page measured on gunicorn is paired with a run of the trivial view just before it, and its
ratio is the median over the rounds of page / that run. On a shared virtual machine the speed
drifts within seconds (the trivial view alone gave 1,631 and 2,463 req/s in one run): dividing by
a reference taken a minute earlier measured the drift as much as the page.
"""

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from tests.production.nginx import Nginx

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/careerhub_bench")

# Pages the page cache serves (the targets' "cached GET pages").
CONTENT_PAGES = [
    "/",
    "/roles/ai-engineer/",
    "/compare/" + "-vs-".join(["ai-engineer", "ml-engineer", "genai-developer"]) + "/",
    "/certifications/",
    "/certifications/google-cloud-professional-ml-engineer/",
    "/fit/",
]

TRIVIAL, TRIVIAL_PATH = "trivial view (reference)", "/bench/trivial"
GET_PAGES = [
    (TRIVIAL, TRIVIAL_PATH),
    ("static file (reference)", None),  # filled with the hashed site.css URL
    ("hub /", "/"),
    ("role /roles/ai-engineer/", "/roles/ai-engineer/"),
    ("3-role comparison", "/compare/" + "-vs-".join(["ai-engineer", "ml-engineer", "genai-developer"]) + "/"),
    ("catalogue /certifications/", "/certifications/"),
    ("certification page", "/certifications/google-cloud-professional-ml-engineer/"),
    ("questionnaire /fit/ (GET)", "/fit/"),
]
# Measured after the content is multiplied (--search-factor): search is the page whose work grows
# with the content. The last one finds nothing, so it also counts the miss (its worst case).
SEARCH_PAGES = [
    ("search: 3 words", "/search/?q=retrieval+augmented+generation"),
    ("search: 2 typos", "/search/?q=retreival+augmentd"),
    ("search: nothing found", "/search/?q=zqxw+vvkj"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(port):
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)
    env.update(
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=BENCH_DB,
        SITE_URL=f"http://127.0.0.1:{port}",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SETTINGS_MODULE="bench.settings",
        TRUSTED_PROXIES="127.0.0.1",  # nginx, in the through-nginx rounds
        NEWSLETTER_SIGNUPS_PER_HOUR="100000000",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/2"),
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *args, capture=False):
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    ).stdout


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Installing wrk (Debian package) ...", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def prepare(env):
    subprocess.run([PY, "scripts/check_db.py"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_sample_content", capture=True)
    manage(env, "rebuild_search_index", capture=True)
    manage(env, "collectstatic", "--no-input", "-v0")


# As deploy/systemd/careerhub-web.service runs it: gunicorn's 2 x cores + 1 sync workers, so a
# worker waiting on PostgreSQL's commit or on Redis leaves the cores to the others.
WORKERS = 2 * os.cpu_count() + 1


def start_gunicorn(env, port):
    proc = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "careerhub.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if http_get(port, "/healthz")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def http_get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    result = (response.status, dict(response.getheaders()), body)
    conn.close()
    return result


LUA_GET = """
wrk.method = "GET"
wrk.headers["Accept-Encoding"] = "gzip, br"
"""

LUA_SIGNUP = """
local counter = 0
local started = 0
-- setup() runs in the main state; thread:set() makes "tid" a global in each thread's state.
function setup(thread)
  started = started + 1
  thread:set("tid", started)
end
request = function()
  counter = counter + 1
  local body = "email=bench-" .. RUN .. "-ROUND-" .. tid .. "-" .. counter .. "%40example.com"
    .. "&source=bench"
  return wrk.format("POST", "PATH", {["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = "ORIGIN", ["Sec-Fetch-Site"] = "same-origin"}, body)
end
"""

LUA_POST = """
wrk.method = "POST"
wrk.body = "BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "ORIGIN"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
"""


def run_wrk(port, path, lua, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    return parse_wrk(out)


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "requests": total, "errors": errors}


def page_weight(port, path, body_only=False):
    """Bytes on the wire for a first visit: the HTML plus its CSS and JS, compressed where offered."""
    headers = {"Accept-Encoding": "br, gzip"}
    status, response_headers, body = http_get(port, path, headers)
    html_wire = len(body)
    raw_html = gzip.decompress(body) if response_headers.get("Content-Encoding") == "gzip" else body
    if body_only:
        return len(raw_html), html_wire
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', raw_html)
    assets += re.findall(rb'<script[^>]+src="([^"]+)"', raw_html)
    total = html_wire
    for asset in set(assets):
        total += len(http_get(port, asset.decode(), headers)[2])
    return len(raw_html), total


def count_queries(env, paths):
    """SQL queries per GET page, counted in-process with Django's test client."""
    code = (
        "import json, sys, django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client()\n"
        "out = {}\n"
        "for path in json.loads(sys.argv[1]):\n"
        "    client.get(path)\n"  # warm any cache, as a second visitor would find it
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        Client().get(path)\n"
        "    cold = Client()\n"
        "    out[path] = len(ctx.captured_queries)\n"
        "print(json.dumps(out))\n"
    )
    query_env = dict(env, DJANGO_SETTINGS_MODULE="careerhub.settings", DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1")
    out = subprocess.run(
        [PY, "-c", code, json.dumps(paths)], cwd=ROOT, env=query_env, check=True, text=True, capture_output=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def multiply_content(env, *args):
    env = dict(env, DJANGO_SETTINGS_MODULE="careerhub.settings")
    subprocess.run([PY, "bench/multiply_content.py", *args], cwd=ROOT, env=env, check=True)


def db_count(env, model):
    code = (
        f"import django; django.setup()\nfrom django.apps import apps\nprint(apps.get_model('{model}').objects.count())"
    )
    env = dict(env, DJANGO_SETTINGS_MODULE="careerhub.settings")
    return int(subprocess.run([PY, "-c", code], cwd=ROOT, env=env, check=True, text=True, capture_output=True).stdout)


def fit_form_body(html):
    """Answer every question with its first choice, plus the hidden fields, as the form would."""
    fields = []
    seen = set()
    for name, value in re.findall(r'type="radio" name="([^"]+)" value="([^"]+)"', html) + [
        (n, v) for v, n in re.findall(r'type="radio" value="([^"]+)" name="([^"]+)"', html)
    ]:
        if name not in seen:
            seen.add(name)
            fields.append((name, value))
    fields += re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', html)
    return urlencode(fields)


def worker_rss_mb(master_pid):
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def measure_memory(server, port, results, extra=5000):
    """RSS after the rounds (well over 10,000 requests), then again after `extra` more."""
    served = sum(r["requests"] for name, data in results.items() if "nginx" not in name for r in data["rounds"])
    before = worker_rss_mb(server.pid)
    for n in range(extra):
        http_get(port, CONTENT_PAGES[n % len(CONTENT_PAGES)])
    after = worker_rss_mb(server.pid)
    return {
        "requests_before": served,
        "requests_after": served + extra,
        "rss_before_mb": round(max(before), 1),
        "rss_after_mb": round(max(after), 1),
        "growth_mb": round(max(a - b for a, b in zip(after, before, strict=True)), 1),
    }


def print_targets(results, trivial, memory):
    """The targets (issue 23), each with the measured figure."""
    cached = [
        data
        for name, data in results.items()
        if data.get("path") in CONTENT_PAGES and "nginx" not in name and "model" not in data
    ]
    via_nginx = [data for name, data in results.items() if name.endswith("via nginx")]
    posts = [data for data in results.values() if "model" in data]
    checks = [
        ("every cached GET page >= 0.7 of the trivial view", min(d["ratio"] for d in cached), 0.7),
        ("every page through nginx >= 25x the trivial view", min(d["ratio"] for d in via_nginx), 25),
        ("questionnaire and sign-up POSTs >= 0.15", min(d["ratio"] for d in posts), 0.15),
        ("GET p99 <= 50 ms at 16 connections", -max(d["p99_ms"] for d in cached + via_nginx), -50),
        ("no errors", -sum(d["errors"] for d in results.values()), 0),
        ("worker RSS <= 120 MB", -memory["rss_after_mb"], -120),
        ("no RSS growth over the last 5,000 requests (<= 2 MB)", -memory["growth_mb"], -2),
    ]
    print("\nTargets")
    for label, value, bound in checks:
        print(f"  {'PASS' if value >= bound else 'FAIL'}  {label}: {abs(value)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=4, help="wrk duration per URL per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-page-cache", action="store_true", help="measure with the page cache off (baseline)")
    parser.add_argument("--search-factor", type=int, default=10, help="times the sample content for the search figure")
    args = parser.parse_args()

    ensure_wrk()
    port = free_port()
    env = server_env(port)
    env["BENCH_PAGE_CACHE"] = "0" if args.no_page_cache else "1"
    print("Preparing the database, sample content and static files ...", flush=True)
    prepare(env)
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    pages = [(name, path or "/static/" + manifest["paths"]["css/site.css"]) for name, path in GET_PAGES]

    server = start_gunicorn(env, port)
    proxy = Nginx([port], workers=2)
    nginx_pages = [(f"{name} via nginx", path) for name, path in pages if path in CONTENT_PAGES]
    results = {}
    memory = {}
    try:
        origin = f"http://127.0.0.1:{port}"
        queries = count_queries(env, [path for _, path in pages if not path.startswith("/static/")])
        fit_body = fit_form_body(http_get(port, "/fit/")[2].decode())
        run_id = str(int(time.time()))
        posts = [
            ("questionnaire POST", "/fit/", LUA_POST.replace("BODY", fit_body), "fit.Result"),
            (
                "newsletter sign-up POST",
                "/newsletter/subscribe/",
                LUA_SIGNUP.replace("PATH", "/newsletter/subscribe/").replace("RUN", f'"{run_id}"'),
                # A sign-up queues one task; the worker (not running here) does the rest.
                "django_tasks_database.DBTaskResult",
            ),
        ]
        for name, path in pages:
            html_bytes, wire = page_weight(port, path, body_only=path.startswith("/static/"))
            results[name] = {
                "path": path,
                "rounds": [],
                "queries": queries.get(path),
                "html_bytes": html_bytes,
                "first_visit_bytes": wire,
            }
        for name, path in nginx_pages:
            results[name] = {"path": path, "rounds": [], "queries": 0}
        for name, path, _lua, model in posts:
            results[name] = {"path": path, "rounds": [], "queries": None, "model": model}
            results[name]["rows_before"] = db_count(env, model)

        def paired(name, path, lua):
            """The trivial view, then the page at once: the page's ratio is to this reference."""
            reference = run_wrk(port, TRIVIAL_PATH, LUA_GET, args.seconds, args.connections)
            results[TRIVIAL]["rounds"].append(reference)
            results[name].setdefault("references", []).append(reference["rps"])
            results[name]["rounds"].append(run_wrk(port, path, lua, args.seconds, args.connections))

        for round_no in range(args.rounds):
            print(f"Round {round_no + 1}/{args.rounds}", flush=True)
            for name, path in pages:
                if name != TRIVIAL:
                    paired(name, path, LUA_GET)
            for name, path in nginx_pages:
                results[name]["rounds"].append(run_wrk(proxy.port, path, LUA_GET, args.seconds, args.connections))
            for name, path, lua, _ in posts:
                paired(name, path, lua.replace("ORIGIN", origin).replace("ROUND", str(round_no)))
        for name, _path, _lua, model in posts:
            ok = sum(r["requests"] - r["errors"] for r in results[name]["rounds"])
            rows = db_count(env, model) - results[name]["rows_before"]
            results[name]["rows_expected"] = ok
            results[name]["rows_created"] = rows
        memory = measure_memory(server, port, results)

        print(f"Search with {args.search_factor}x the sample content ...", flush=True)
        multiply_content(env, str(args.search_factor))
        # No worker runs here to pick up the rebuild the edits queued: rebuild as the worker would.
        manage(env, "rebuild_search_index", capture=True)
        search_queries = count_queries(env, [path for _, path in SEARCH_PAGES])
        for name, path in SEARCH_PAGES:
            name = f"{name} ({args.search_factor}x)"
            html_bytes, wire = page_weight(port, path)
            results[name] = {"path": path, "rounds": [], "queries": search_queries.get(path), "html_bytes": html_bytes}
            results[name]["first_visit_bytes"] = wire
            results[name]["documents"] = db_count(env, "search.Document")
            for _ in range(args.rounds):
                paired(name, path, LUA_GET)
    finally:
        proxy.stop()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        multiply_content(env, "--remove")

    # Pages not paired (through nginx) are divided by the median of every trivial-view run.
    trivial = statistics.median(r["rps"] for r in results[TRIVIAL]["rounds"])
    header = (
        f"{'page':38} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'SQL':>4} "
        f"{'HTML B':>8} {'1st visit B':>11}"
    )
    print()
    print(header)
    print("-" * len(header))
    for name, data in results.items():
        rounds = data["rounds"]
        data["median_rps"] = statistics.median(r["rps"] for r in rounds)
        if "references" in data:
            pairs = zip(rounds, data["references"], strict=True)
            data["ratio"] = round(statistics.median(r["rps"] / reference for r, reference in pairs), 3)
        else:
            data["ratio"] = round(data["median_rps"] / trivial, 3)
        data["p50_ms"] = statistics.median(r["p50_ms"] for r in rounds)
        data["p99_ms"] = statistics.median(r["p99_ms"] for r in rounds)
        data["errors"] = sum(r["errors"] for r in rounds)
        print(
            f"{name:38} {data['median_rps']:8.0f} {data['ratio']:6.2f} {data['p50_ms']:7.1f} {data['p99_ms']:7.1f} "
            f"{data['errors']:6d} {data['queries'] if data['queries'] is not None else '-':>4} "
            f"{data.get('html_bytes', '-'):>8} {data.get('first_visit_bytes', '-'):>11}"
        )
    for name, data in results.items():
        if "rows_created" in data:
            # wrk stops counting at the deadline, but requests already sent still complete: each
            # round may add up to one row per connection beyond the successes wrk saw.
            in_flight = args.connections * args.rounds
            fits = data["rows_expected"] <= data["rows_created"] <= data["rows_expected"] + in_flight
            verdict = "ok (no row lost or duplicated)" if fits and data["errors"] == 0 else "MISMATCH"
            data["rows_ok"] = verdict.startswith("ok")
            print(
                f"{name}: {data['rows_expected']} successful requests, {data['rows_created']} rows created: {verdict}"
            )
    print(
        f"\nWorker memory: RSS {memory['rss_before_mb']} MB after {memory['requests_before']} requests, "
        f"{memory['rss_after_mb']} MB after {memory['requests_after']} (growth over the last "
        f"{memory['requests_after'] - memory['requests_before']}: {memory['growth_mb']} MB)"
    )
    print_targets(results, trivial, memory)
    documents = next((data["documents"] for data in results.values() if "documents" in data), None)
    if documents is not None:
        print(f"Search index: {documents} documents at {args.search_factor}x the sample content.")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {"connections": args.connections, "seconds": args.seconds, "results": results, "memory": memory}, indent=2
        )
    )
    print(f"\nWrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
