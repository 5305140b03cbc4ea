"""One JSON object per log line, so that log tooling can filter on fields."""

import json
import logging
import re
import time

# Confirmation and unsubscribe links are credentials: never let one reach a log line.
_TOKEN_PATHS = re.compile(r"(/newsletter/(?:confirm|unsubscribe)/)[^/\s'\"]+")


def redact(text):
    return _TOKEN_PATHS.sub(r"\1<token>", text)


class JSONFormatter(logging.Formatter):
    # Attributes every LogRecord has; anything else was passed with extra= and is logged as a field.
    _standard = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

    def format(self, record):
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            # Django attaches the request object to its records; its text holds the full path.
            if key not in self._standard and not key.startswith("_") and key != "request":
                entry[key] = value if isinstance(value, (int, float, bool, type(None))) else redact(str(value))
        if record.exc_info:
            entry["traceback"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
