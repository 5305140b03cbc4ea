"""Another connection's open transaction, for tests of what happens while it holds its locks."""

import contextlib
import threading

from django.db import connections, transaction


@contextlib.contextmanager
def another_transaction(work):
    """Run ``work`` in a transaction on another thread (its own connection) and keep that
    transaction open until the block ends, or until the block sets the yielded event."""
    ready, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                work()
                ready.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert ready.wait(timeout=10)
        yield release
    finally:
        release.set()
        thread.join()
