"""The database backend's per-request health check: free for a live connection, and it catches a
connection the server has ended (a gunicorn test covers the same through real workers)."""

import time
import uuid

import psycopg2
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def other_session():
    settings = connection.settings_dict
    conn = psycopg2.connect(
        dbname=settings["NAME"],
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
    )
    conn.autocommit = True
    return conn


def last_statement(observer, pid):
    with observer.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row[0] if row else None


def start_of_request():
    # What the request_started signal leaves behind: the next query runs the health check first.
    connection.health_check_enabled = True
    connection.health_check_done = False
    connection.close_if_health_check_failed()


def test_the_check_sends_nothing_over_a_live_connection():
    marker = f"SELECT 'marker {uuid.uuid4()}'"
    with connection.cursor() as cursor:
        cursor.execute(marker)
        pid = connection.connection.info.backend_pid
    observer = other_session()
    try:
        start_of_request()
        assert connection.connection is not None
        assert connection.connection.info.backend_pid == pid
        # Django's own check would have sent SELECT 1 here.
        assert last_statement(observer, pid) == marker
    finally:
        observer.close()


def test_a_session_the_server_ended_is_replaced_before_it_is_used():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    observer = other_session()
    try:
        with observer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 5
        while last_statement(observer, pid) is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        start_of_request()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != pid
    finally:
        observer.close()
