"""Django's PostgreSQL backend with a health check that costs no round trip.

Django's CONN_HEALTH_CHECKS sends ``SELECT 1`` before the first query of every request. On a
busy node that round trip is a tenth of a form submission's CPU. A server that restarts, stops,
or ends a session (``pg_terminate_backend``, ``idle_session_timeout``) says so on the
connection's own socket: it sends a last message and closes its end, so an idle connection that
has something to read is dead. That is the check urllib3 makes before reusing a kept-alive
HTTP connection. The few other things a server may send an idle session (a notice after its
configuration is reloaded) only cost a reconnect.

A server that vanishes without closing its socket (a host gone from the network) is found by
neither check in good time; ``connect_timeout`` and the 503 page handle that. After a query
fails, Django still decides with its own ``is_usable()`` (``SELECT 1``), as before.
"""

import select

from django.db.backends.postgresql import base


def has_hung_up(connection):
    """Whether the server closed, or spoke on, this idle connection: no I/O, no waiting."""
    if connection.closed:
        return True
    poller = select.poll()
    try:
        # POLLHUP and POLLERR are always reported; POLLIN covers a last message before the close.
        poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
    except (ValueError, OSError, base.Database.Error):  # no socket left (fileno() -1, or refused)
        return True
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if self.connection is None or self.pool or not self.health_check_enabled or self.health_check_done:
            return
        if has_hung_up(self.connection):
            self.close()
        self.health_check_done = True
