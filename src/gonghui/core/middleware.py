from .access import record_if_refusal
from .audit import client_ip


def _client_ip(request):
    """REMOTE_ADDR; the proxy's X-Forwarded-For only when the operator says a proxy is in front."""
    from django.conf import settings

    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client address available to the audit trail without threading it
    through every service call."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(_client_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)

    def process_exception(self, request, exception):
        """Refusals are recorded here, after the view's transaction has rolled back."""
        record_if_refusal(exception)
