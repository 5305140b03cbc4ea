"""check_sources against a local HTTP server the tests start: a page that changes, a 404, a redirect, a silent host."""

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from certifications.models import Fact, SourceLink
from certifications.services import MAX_BYTES, check_sources, content_hash, review_queue

from .factories import make_certification, make_domain, make_fact, make_source, make_weight

pytestmark = pytest.mark.django_db

TIMEOUT = 0.5


class Handler(BaseHTTPRequestHandler):
    version = {"n": 1}
    price = {"usd": 165}
    seen_agents = []

    def do_GET(self):
        self.seen_agents.append(self.headers.get("User-Agent"))
        if self.path == "/guide":
            # The figure sits in a table cell; the length never changes.
            body = (
                f"<table><tr><th>Exam cost</th><td>${self.price['usd']}&nbsp;USD</td></tr>"
                "<tr><th>Duration</th><td>100 minutes</td></tr></table>"
            )
            self.reply(200, body.encode())
        elif self.path == "/page":
            body = f"<html><body><h1>Exam guide</h1><p>Version {self.version['n']}</p></body></html>"
            self.reply(200, body.encode())
        elif self.path == "/dynamic":
            # Only the script changes per visit: not a change of content.
            self.reply(200, f"<p>Same text</p><script>var t = {time.time()};</script>".encode())
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
        elif self.path == "/huge":
            self.reply(200, b"x" * (MAX_BYTES * 2))
        else:
            self.reply(404, b"Not found")

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.version["n"] = 1
    Handler.price["usd"] = 165
    Handler.seen_agents.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent():
    """A host that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    listener.close()


def run(**kwargs):
    out = io.StringIO()
    call_command("check_sources", f"--timeout={TIMEOUT}", stdout=out, **kwargs)
    return out.getvalue()


def test_first_run_records_pages_and_flags_errors_and_silence(server, silent):
    certification = make_certification(slug="exam-a")
    page = make_source(certification, url=f"{server}/page", kind=SourceLink.Kind.OFFICIAL_PAGE)
    missing = make_source(certification, url=f"{server}/gone")
    moved = make_source(make_certification(slug="exam-b"), url=f"{server}/old")
    quiet = make_source(make_certification(slug="exam-c"), url=silent)
    started = time.monotonic()
    out = run()
    assert time.monotonic() - started < 5
    for source in (page, missing, moved, quiet):
        source.refresh_from_db()
        assert source.checked_at is not None
    assert (page.check_result, page.http_status, page.needs_review) == ("new", 200, False)
    assert len(page.content_hash) == 64
    assert (missing.check_result, missing.http_status, missing.needs_review) == ("error", 404, True)
    assert (moved.check_result, moved.http_status, moved.final_url) == ("new", 200, f"{server}/page")
    assert (quiet.check_result, quiet.http_status, quiet.needs_review) == ("unreachable", None, True)
    assert "no answer within 0.5 seconds" in quiet.check_error
    assert set(review_queue().values_list("slug", flat=True)) == {"exam-a", "exam-c"}
    assert "4 sources checked: 2 first seen, 1 error page, 1 unreachable." in out
    assert f"exam-b: {server}/old -> {server}/page" in out
    assert all(agent.startswith("AICareerHub-SourceChecker/") for agent in Handler.seen_agents)


def test_a_changed_page_goes_to_the_review_queue_and_an_unchanged_one_does_not(server):
    page = make_source(make_certification(slug="exam-a"), url=f"{server}/page")
    steady = make_source(make_certification(slug="exam-b"), url=f"{server}/dynamic")
    run()
    run()
    page.refresh_from_db()
    steady.refresh_from_db()
    assert (page.check_result, page.needs_review) == ("ok", False)
    assert (steady.check_result, steady.needs_review) == ("ok", False)
    first_hash = page.content_hash

    Handler.version["n"] = 2
    run()
    page.refresh_from_db()
    assert (page.check_result, page.needs_review) == ("changed", True)
    assert page.content_hash != first_hash
    assert list(review_queue().values_list("slug", flat=True)) == ["exam-a"]

    # The editor rechecks the facts and clears the flag; the next run finds nothing new.
    SourceLink.objects.filter(pk=page.pk).update(needs_review=False)
    run()
    page.refresh_from_db()
    assert (page.check_result, page.needs_review) == ("ok", False)


def test_an_error_keeps_the_last_good_hash(server):
    page = make_source(make_certification(), url=f"{server}/page")
    check_sources(timeout=TIMEOUT)
    page.refresh_from_db()
    good = page.content_hash
    SourceLink.objects.filter(pk=page.pk).update(url=f"{server}/gone")
    check_sources(timeout=TIMEOUT)
    page.refresh_from_db()
    assert page.check_result == "error" and page.content_hash == good


def test_pages_are_read_up_to_the_size_cap(server):
    source = make_source(make_certification(), url=f"{server}/huge")
    check_sources(timeout=5)
    source.refresh_from_db()
    assert source.check_result == "new"
    assert source.content_hash == content_hash(b"x" * MAX_BYTES)


def test_each_url_is_fetched_once_even_when_several_certifications_cite_it(server):
    for slug in ["exam-a", "exam-b", "exam-c"]:
        make_source(make_certification(slug=slug), url=f"{server}/page")
    checked = check_sources(timeout=TIMEOUT)
    assert len(checked) == 3 and len(Handler.seen_agents) == 1


def test_without_network_every_source_is_unreachable_quickly_and_nothing_crashes():
    for n in range(5):
        make_source(make_certification(), url=f"https://host-{n}.invalid/exam-guide")
    started = time.monotonic()
    out = run()
    assert time.monotonic() - started < 10
    assert "5 sources checked: 5 unreachable." in out
    assert "Traceback" not in out
    assert not SourceLink.objects.exclude(check_result="unreachable").exists()


def test_only_one_certification(server):
    mine = make_source(make_certification(slug="mine"), url=f"{server}/page")
    other = make_source(make_certification(slug="other"), url=f"{server}/page")
    run(certification="mine")
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.checked_at and other.checked_at is None


def test_a_check_refreshes_cached_pages(client, server):
    certification = make_certification()
    make_source(certification, url=f"{server}/gone")
    assert "Our checker could not read it" not in client.get(certification.get_absolute_url()).content.decode()
    run()
    body = client.get(certification.get_absolute_url()).content.decode()
    assert "Our checker could not read it on" in body


def test_a_figure_that_disappears_from_its_page_sends_that_fact_to_the_review_queue(server):
    certification = make_certification(slug="exam-a")
    guide = make_source(certification, url=f"{server}/guide")
    price = make_fact(certification, Fact.Kind.PRICE, "USD 165", source=guide, quotation="Exam cost $165 USD")
    length = make_fact(certification, Fact.Kind.DURATION, "100 minutes", source=guide, quotation="Duration 100 minutes")
    weight = make_weight(make_domain(certification), 20, 25, source=guide, quotation="Duration 100 minutes")
    run()
    price.refresh_from_db()
    assert not price.needs_review and list(review_queue()) == []

    Handler.price["usd"] = 175
    out = run()
    for claim in (price, length, weight, guide):
        claim.refresh_from_db()
    assert price.needs_review
    assert not length.needs_review and not weight.needs_review
    assert guide.needs_review and list(review_queue()) == [certification]
    assert "quotation gone: EX-" in out and "(“Exam cost $165 USD”)" in out


def test_an_error_page_does_not_count_as_a_lost_quotation(server):
    certification = make_certification()
    gone = make_source(certification, url=f"{server}/gone")
    fact = make_fact(certification, source=gone, quotation="Exam cost $165 USD")
    run()
    fact.refresh_from_db()
    gone.refresh_from_db()
    assert not fact.needs_review and gone.needs_review
