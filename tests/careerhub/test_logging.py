import json
import logging

import pytest

from careerhub.logging import JSONFormatter

pytestmark = pytest.mark.django_db


def test_each_request_logs_one_json_line_with_route_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="careerhub.request")
    client.get("/roles/no-such-role/")
    records = [r for r in caplog.records if r.name == "careerhub.request"]
    assert len(records) == 1
    line = json.loads(JSONFormatter().format(records[0]))
    assert line["status"] == 404
    assert line["route"] == "/roles/<slug:slug>/"
    assert line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)
    # The route, not the path: values in URLs (tokens, addresses) stay out of the logs.
    assert "no-such-role" not in json.dumps(line)


def test_an_unmatched_url_logs_neither_its_path_nor_its_query(client, caplog):
    caplog.set_level(logging.INFO, logger="careerhub.request")
    client.get("/no-such-page/reader@example.com/?email=visitor%40example.com&ref=mail")
    [record] = [r for r in caplog.records if r.name == "careerhub.request"]
    line = json.loads(JSONFormatter().format(record))
    assert (line["status"], line["route"], line["view"]) == (404, "(unmatched)", None)
    logged = json.dumps(line)
    assert "example.com" not in logged and "no-such-page" not in logged and "ref=" not in logged


def test_error_lines_carry_the_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "ERROR"
    assert "RuntimeError: boom" in line["traceback"]


def test_confirmation_and_unsubscribe_tokens_never_reach_the_log():
    record = logging.LogRecord(
        "django.security.csrf", logging.WARNING, __file__, 1, "Forbidden (CSRF cookie not set.): %s", None, None
    )
    record.args = ("/newsletter/confirm/abc123.secret-token/",)
    record.request = "<WSGIRequest: POST '/newsletter/unsubscribe/other-token/'>"
    line = JSONFormatter().format(record)
    assert "secret-token" not in line and "other-token" not in line
    assert "/newsletter/confirm/<token>/" in line
