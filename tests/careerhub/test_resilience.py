"""The database goes away and comes back: pages answer a friendly 503, then recover by themselves.

The outage is real: the site talks to PostgreSQL through a TCP proxy that the test stops
and starts, so connections are refused exactly as when the server is down.
"""

import contextlib
import socket
import threading

import pytest
from django.core.cache import caches
from django.db import close_old_connections, connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


class TcpProxy:
    def __init__(self, target_port):
        self.target_port = target_port
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.listener = None
        self.sockets = []

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self):
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone does not
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def proxied_database():
    original_port = connection.settings_dict["PORT"]
    proxy = TcpProxy(int(original_port or 5432))
    proxy.start()
    connection.close()
    connection.settings_dict["PORT"] = str(proxy.port)
    yield proxy
    connection.close()
    connection.settings_dict["PORT"] = original_port
    with contextlib.suppress(OSError):
        proxy.stop()


def get(client, path):
    for cache in caches.all():
        cache.clear()  # a cached page would hide the outage
    response = client.get(path)
    # What Django runs at the end of every real request (the test client skips it): drop a
    # connection that failed, so the next request opens a new one.
    close_old_connections()
    return response


def test_pages_answer_503_while_the_database_is_down_and_recover_after(proxied_database):
    client = Client(raise_request_exception=False)
    assert get(client, "/roles/").status_code == 200
    assert get(client, "/healthz").status_code == 200

    proxied_database.stop()
    page = get(client, "/roles/")
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert b"back in a moment" in page.content
    assert b"Traceback" not in page.content
    assert get(client, "/healthz").status_code == 503

    proxied_database.start()
    assert get(client, "/roles/").status_code == 200
    assert get(client, "/healthz").content == b"ok"
