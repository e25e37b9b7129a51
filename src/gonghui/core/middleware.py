import re
import uuid

from .access import record_if_refusal
from .audit import client_ip
from .logs import request_id

# nginx's $request_id is 32 hex digits; other proxies send UUIDs. Anything else is not trusted.
_GIVEN_ID = re.compile(r"[0-9A-Za-z-]{8,64}")


def _client_ip(request):
    """REMOTE_ADDR; the proxy's X-Forwarded-For only when the operator says a proxy is in front."""
    from django.conf import settings

    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR") or None


def client_ip_of(request):
    """AXES_CLIENT_IP_CALLABLE: the lockout counts by the address the audit trail records."""
    return _client_ip(request)


def _request_id(request):
    """The proxy's X-Request-ID when the operator says a proxy is in front (so nginx's access log
    and ours share the id), else a new one."""
    from django.conf import settings

    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.BEHIND_PROXY and _GIVEN_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Makes the client address and the request id available to the audit trail and the logs
    without threading them through every service call; the response names the id so a user's
    report of a failure ("请求编号") finds its log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        tokens = client_ip.set(_client_ip(request)), request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            client_ip.reset(tokens[0])
            request_id.reset(tokens[1])
        response["X-Request-ID"] = request.request_id
        return response

    def process_exception(self, request, exception):
        """Refusals are recorded here, after the view's transaction has rolled back."""
        record_if_refusal(exception)


def _is_api(request):
    return request.path_info.startswith("/api/")


def refuse_input(request, status, message):
    """A refusal before any view runs: JSON with a Chinese `detail` on the API, plain text on pages."""
    from django.http import HttpResponse, JsonResponse

    if _is_api(request):
        return JsonResponse({"detail": str(message)}, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(str(message), status=status, content_type="text/plain; charset=utf-8")


_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")


class InputGuardMiddleware:
    """Refuses what no field accepts before it reaches a view: a NUL character (PostgreSQL text
    cannot hold one) in the path, the query or a JSON / form body, and a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE (answered as JSON on the API, not Django's HTML 400 page).
    Multipart uploads are left alone: files may hold any byte, and they stream to disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import RequestDataTooBig
        from django.utils.translation import gettext as _

        nul = _("The request contains a NUL character, which no field accepts.")
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "\x00" in query or "%00" in query:
            return refuse_input(request, 400, nul)
        ctype = request.content_type or ""
        if ctype in _TEXT_BODIES or ctype.endswith("+json"):
            try:
                body = request.body
            except RequestDataTooBig:
                return refuse_input(request, 413, _("The request body is too large."))
            if b"\x00" in body or b"\\u0000" in body.lower() or (ctype != "application/json" and b"%00" in body):
                return refuse_input(request, 400, nul)
        return self.get_response(request)


def bad_request(request, exception=None):
    """handler400: Django's own refusals (a body too large, a suspicious header) as JSON on the
    API, the plain page elsewhere."""
    from django.utils.translation import gettext as _
    from django.views.defaults import bad_request as page

    if _is_api(request):
        return refuse_input(request, 400, _("The request is malformed."))
    return page(request, exception)


def server_error(request):
    """handler500: the page names the request id, so what a clerk reports ("请求编号 …") leads
    the operator to the failed request's log lines and audit entries."""
    from django.http import HttpResponseServerError
    from django.template import loader

    body = loader.get_template("500.html").render({"request_id": getattr(request, "request_id", "")})
    return HttpResponseServerError(body)
