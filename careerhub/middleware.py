import logging
import time

from careerhub.core.clientip import client_ip, is_trusted_proxy

logger = logging.getLogger("careerhub.request")


class RequestLogMiddleware:
    """One log line per request: method, route, status and duration.

    It logs the URL pattern, not the path, so that tokens in confirmation and
    unsubscribe links and other personal values never reach the logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        fields = {
            "method": request.method,
            "route": "/" + match.route if match else "(unmatched)",
            "view": match.view_name if match else None,
            "status": response.status_code,
            "client": client_ip(request),
            "duration_ms": round((time.perf_counter() - start) * 1000, 1),
        }
        # Tracebacks of server errors come from Django's own "django.request" logger.
        logger.log(logging.ERROR if response.status_code >= 500 else logging.INFO, "request", extra=fields)
        return response


class ForwardedHeadersMiddleware:
    """Drop X-Forwarded-* headers unless the connection comes from a trusted proxy.

    Django reads X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER) from any connection; a visitor who
    reaches a node directly must not be able to claim https or another client address.
    """

    HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in self.HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
