"""Mail errors: which are worth retrying, and how editors see them (without addresses)."""

import logging
import re
import smtplib
from datetime import timedelta

from anymail.exceptions import AnymailAPIError, AnymailError, AnymailRecipientsRefused
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3

# smtplib errors, OSError for refused connections, timeouts and resets, and the email service's
# API errors when sending through django-anymail.
SEND_ERRORS = (smtplib.SMTPException, OSError, AnymailError)


def is_transient(exc):
    """4xx replies and connection trouble are worth retrying; 5xx replies are final."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, AnymailRecipientsRefused):
        return False
    if isinstance(exc, AnymailAPIError):
        # The service is down or busy (5xx, 429, no answer at all), or refuses the message (4xx).
        status = getattr(exc, "status_code", None)
        return status is None or status >= 500 or status == 429
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
    return describe_error_text(f"{code} {message}")


def describe_error_text(text):
    return _ADDRESS.sub("<address>", text)[:500]


_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")


def retry_delay(attempt):
    delays = settings.NEWSLETTER_RETRY_DELAYS or [0]
    return timedelta(seconds=delays[min(attempt, len(delays)) - 1])


def send_or_retry(message, what, subscriber_id, attempt):
    """Send; after a transient failure, return when to try again. Permanent failures raise."""
    try:
        message.send()
    except SEND_ERRORS as exc:
        if is_transient(exc) and attempt < MAX_ATTEMPTS:
            # describe_error leaves the address out: logs carry no personal data.
            message = "%s for subscriber %s failed (attempt %s): %s"
            logger.warning(message, what, subscriber_id, attempt, describe_error(exc))
            return timezone.now() + retry_delay(attempt)
        raise
    return None
