"""Public forms take a few hundred bytes of text: refuse uploads and anything bigger, unread.

Reusable by any public form view (`@form_body_limit`). It runs before Django's CSRF check,
which would otherwise parse the body first and could write a large upload to a temporary
file; the check still runs, inside, for views that are not CSRF-exempt.
"""

from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.views.decorators.csrf import csrf_protect

# 8 KB: a sign-up is under 500 bytes; RFC 8058 one-click bodies are smaller still.
FORM_BODY_LIMIT = 8 * 1024


def form_body_limit(view=None, *, max_bytes=FORM_BODY_LIMIT):
    """413 for a body over `max_bytes` (by Content-Length, before reading it), 400 for a file upload."""

    def decorate(view):
        checked = view if getattr(view, "csrf_exempt", False) else csrf_protect(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                refusal = _refusal(request, max_bytes)
                if refusal is not None:
                    return refusal
            return checked(request, *args, **kwargs)

        # The CSRF check runs inside (above), after the size check, not in the middleware.
        wrapper.csrf_exempt = True
        return wrapper

    return decorate(view) if view is not None else decorate


def _refusal(request, max_bytes):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = max_bytes + 1
    if length > max_bytes:
        return _refuse(request, 413, "That request is too large for this form.")
    # Multipart bodies are allowed (RFC 8058 one-click clients may send them) but not files.
    spotter = _FileSpotter(request)
    request.upload_handlers = [spotter]
    request.POST  # noqa: B018 (parses the body, with only the spotter for file parts)
    if spotter.seen:
        return _refuse(request, 400, "This form does not take files.")
    return None


class _FileSpotter(FileUploadHandler):
    """Notes that a file part arrived and throws its bytes away: nothing reaches memory or disk."""

    seen = False

    def new_file(self, *args, **kwargs):
        self.seen = True

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def _refuse(request, status, message):
    return render(request, "newsletter/request_refused.html", {"message": message}, status=status)
