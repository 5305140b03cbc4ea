"""Keeping the search index current: each transaction that edits indexed content queues one rebuild
when it commits, and the task worker runs it."""

import threading
import weakref

from django.db import transaction
from django_tasks import task

from . import services

# This thread's transaction already queues a rebuild when it commits: the mark is that on_commit
# callback, held weakly, so that when a rollback drops the callback the mark goes with it.
pending = threading.local()


@task()
def rebuild_index():
    return services.rebuild_index()


def content_changed(**kwargs):
    """Receiver for saves and deletes of indexed content (connected in apps.py)."""
    mark = getattr(pending, "callback", None)
    if mark is not None and mark() is not None:
        return  # loading the sample content saves hundreds of rows: one rebuild covers them all

    def enqueue():
        pending.callback = None
        rebuild_index.enqueue()

    pending.callback = weakref.ref(enqueue)
    # After the commit, so that the rebuild reads the edit; robust, so that a failure to queue
    # never turns the editor's saved change into an error page.
    transaction.on_commit(enqueue, robust=True)
