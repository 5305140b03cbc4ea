"""Mail errors: which are worth retrying, and how editors see them (without addresses)."""

import re
import smtplib
from datetime import timedelta

from django.conf import settings

MAX_ATTEMPTS = 3

# smtplib errors, plus OSError for refused connections, timeouts and resets.
SEND_ERRORS = (smtplib.SMTPException, OSError)


def is_transient(exc):
    """4xx replies and connection trouble are worth retrying; 5xx replies are final."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    # Dropped, refused and timed-out connections (SMTPServerDisconnected is an OSError too).
    return isinstance(exc, OSError)


def describe_error(exc):
    """The error for the admin, without the address: editors see these but not subscribers."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, message = next(iter(exc.recipients.values()))
    elif isinstance(exc, smtplib.SMTPResponseException):
        code, message = exc.smtp_code, exc.smtp_error
    else:
        code, message = type(exc).__name__ + ":", str(exc)
    if isinstance(message, bytes):
        message = message.decode(errors="replace")
    return _ADDRESS.sub("<address>", f"{code} {message}")[:500]


_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")


def retry_delay(attempt):
    delays = settings.NEWSLETTER_RETRY_DELAYS or [0]
    return timedelta(seconds=delays[min(attempt, len(delays)) - 1])
