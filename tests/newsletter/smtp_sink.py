"""A real SMTP server on loopback (aiosmtpd) for tests and the send benchmark.

`RecordingHandler` keeps every message it accepts and can be told to misbehave the way real
mail servers do: answer 4xx or 5xx, or drop the connection. `python -m tests.newsletter.smtp_sink`
runs a counting sink and prints its port (used by bench/newsletter_send.py).
"""

import email
import email.policy
import sys
import threading

from aiosmtpd.controller import Controller


class LoopbackController(Controller):
    """aiosmtpd on 127.0.0.1 with an ephemeral port, so parallel test runs never clash."""

    def __init__(self, handler, **kwargs):
        super().__init__(handler, hostname="127.0.0.1", port=0, **kwargs)

    def _trigger_server(self):
        # With port 0 the OS picks the port; learn it before aiosmtpd's own start-up check connects.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class RecordingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.messages = []
            self.reject_permanently = set()  # addresses answered 550 at RCPT
            self.reject_temporarily = set()  # addresses answered 451 at RCPT
            self.accept_limit = None  # after this many messages: 421 to every DATA ("server overloaded")
            self.drop_once_after = None  # after this many messages: drop the connection once, then recover

    @property
    def recipients(self):
        with self.lock:
            return [to for message in self.messages for to in message["envelope_to"]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject_permanently:
            return "550 5.1.1 No such mailbox here"
        if address.lower() in self.reject_temporarily:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            accepted = len(self.messages)
            if self.drop_once_after is not None and accepted >= self.drop_once_after:
                self.drop_once_after = None
                server.transport.close()
                return "421 4.3.2 Closing connection"
            if self.accept_limit is not None and accepted >= self.accept_limit:
                return "421 4.7.0 Too many messages, try again later"
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append({"envelope_to": list(envelope.rcpt_tos), "message": parsed, "session": id(session)})
        return "250 OK"


class CountingHandler:
    """Accepts everything and keeps only a count: the benchmark's sink."""

    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def main():
    controller = LoopbackController(CountingHandler())
    controller.start()
    print(controller.port, flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin
    controller.stop()


if __name__ == "__main__":
    main()
