"""The real SMTP email backend with a hook after each accepted message, for tests that need
something to happen mid-send: a subscriber leaving, or the worker process dying."""

import os

from django.core.mail.backends.smtp import EmailBackend


class HookedSMTPBackend(EmailBackend):
    after_send = None  # a test sets this: called with the number of messages sent so far
    sent = 0

    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)
        HookedSMTPBackend.sent += count
        kill_after = os.environ.get("NEWSLETTER_TEST_KILL_AFTER")
        if kill_after and HookedSMTPBackend.sent >= int(kill_after):
            # What `kill -9` does to a worker: no cleanup, no finally blocks, no commit.
            os._exit(137)
        if HookedSMTPBackend.after_send:
            HookedSMTPBackend.after_send(HookedSMTPBackend.sent)
        return count
