import socket

import pytest

from .smtp_sink import LoopbackController, RecordingHandler


@pytest.fixture(scope="session")
def _smtp_server():
    handler = RecordingHandler()
    controller = LoopbackController(handler)
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def smtp(_smtp_server, settings):
    """A real SMTP server on 127.0.0.1 (ephemeral port), emptied for each test; Django sends to it."""
    handler = _smtp_server.handler
    handler.reset()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield handler
    handler.reset()


@pytest.fixture
def no_retry_wait(settings):
    """Retries become due at once, so one sending run shows the whole retry story."""
    settings.NEWSLETTER_RETRY_DELAYS = [0, 0]


@pytest.fixture
def closed_port():
    """A loopback port with nothing listening: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port


@pytest.fixture
def mail_to_closed_port(settings, closed_port):
    # Through the `settings` fixture, not override_settings: mixing the two undoes out of order.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port


@pytest.fixture(autouse=True, scope="session")
def _quiet_smtp_server_log():
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
