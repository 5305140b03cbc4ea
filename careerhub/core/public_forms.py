"""Protection for public forms (sign-up, questionnaire, plans, newsletter links), without tokens.

Public pages are the same bytes for everyone (so shared caches may keep them); a CSRF token would
make each copy personal. `public_form` instead:

1. refuses a cross-site POST, the approach of Go 1.25's CrossOriginProtection and OWASP's Fetch
   Metadata guidance: with `Sec-Fetch-Site`, only `same-origin` or `none` (typed or bookmarked)
   passes; otherwise with `Origin`, only this site's own origin; with neither header the request
   is not from a browser, so no other site's page can have forged it, and it passes (the rate
   limit, honeypot and double opt-in still apply);
2. refuses a body over FORM_BODY_LIMIT, or the form's own ``body_limit`` (413, judged by
   Content-Length before anything is read), and any file part (400), so nothing large reaches
   memory or disk.

Both run before anything parses the body. The admin and anything behind a login keep Django's
CSRF tokens.
"""

from functools import partial, wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

SAFE_FETCH_SITES = {"same-origin", "none"}
# 8 KB: a sign-up is under 500 bytes, the questionnaire about 1 KB, RFC 8058 one-click bodies less.
FORM_BODY_LIMIT = 8 * 1024
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _own_origins(request):
    site = urlsplit(settings.SITE_URL)
    return {f"{site.scheme}://{site.netloc}", f"{request.scheme}://{request.get_host()}"}


def is_cross_origin(request):
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in SAFE_FETCH_SITES
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin not in _own_origins(request)
    return False


def public_form(view=None, *, body_limit=FORM_BODY_LIMIT):
    """Let ``view`` take POSTs only from this site's pages (or non-browsers), small and file-free.

    ``body_limit`` (bytes) is for a form that takes more text than a sign-up, such as a pasted job posting.
    """
    if view is None:
        return partial(public_form, body_limit=body_limit)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            if is_cross_origin(request):
                return render(request, "cross_origin.html", status=403)
            refusal = _oversized_or_upload(request, body_limit)
            if refusal is not None:
                return refusal
        return view(request, *args, **kwargs)

    return wrapped


def _oversized_or_upload(request, body_limit):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = body_limit + 1
    if length > body_limit:
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
    return render(request, "request_refused.html", {"message": message}, status=status)
