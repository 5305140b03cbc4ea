import logging
import time

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
            "duration_ms": round((time.perf_counter() - start) * 1000, 1),
        }
        # Tracebacks of server errors come from Django's own "django.request" logger.
        logger.log(logging.ERROR if response.status_code >= 500 else logging.INFO, "request", extra=fields)
        return response
