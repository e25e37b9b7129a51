"""The JSON API at /api/v1/: same services and same scoping as the pages.

Clients sign in at POST /api/v1/auth/login and send `Authorization: Bearer <token>`.
Errors carry a Chinese `detail`; validation errors add `errors` by field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer

from gonghui.core.access import record_if_refusal


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        from gonghui.accounts.models import ApiToken

        user = ApiToken.user_for(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(title="Gonghui API", version="1", urls_namespace="api", auth=BearerToken())


def validation_errors(exc):
    """A Django ValidationError as {"detail": first message, "errors": {field: [messages]}}."""
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    first = next(iter(errors.values()))[0]
    return {"detail": first, "errors": errors}


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, validation_errors(exc), status=422)


@api.exception_handler(SchemaValidationError)
def _schema_invalid(request, exc):
    errors = {}
    for e in exc.errors:
        field = ".".join(str(p) for p in e.get("loc", [])[1:]) or "__all__"
        errors.setdefault(field, []).append(e.get("msg", ""))
    return api.create_response(
        request, {"detail": _("The request is not valid; see errors by field."), "errors": errors}, status=422)


@api.exception_handler(Http404)
def _not_found(request, exc):
    record_if_refusal(exc)
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    record_if_refusal(exc)
    return api.create_response(request, {"detail": str(exc) or _("You do not have permission to do this.")},
                               status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Please sign in: send a valid bearer token.")},
                               status=401)


from gonghui.accounts.api import router as accounts_router  # noqa: E402
from gonghui.assessments.api import router as assessments_router  # noqa: E402
from gonghui.assistance.api import router as assistance_router  # noqa: E402
from gonghui.campaigns.api import router as campaigns_router  # noqa: E402
from gonghui.coverage.api import router as coverage_router  # noqa: E402
from gonghui.engagement.api import router as engagement_router  # noqa: E402
from gonghui.events.api import router as events_router  # noqa: E402
from gonghui.hardship.api import router as hardship_router  # noqa: E402
from gonghui.medicalaid.api import router as medicalaid_router  # noqa: E402
from gonghui.members.api import router as members_router  # noqa: E402
from gonghui.members.cleanup_api import router as cleanup_router  # noqa: E402
from gonghui.members.join_api import router as joins_router  # noqa: E402
from gonghui.notices.api import router as notices_router  # noqa: E402
from gonghui.orgs.api import router as orgs_router  # noqa: E402
from gonghui.positions.api import router as positions_router  # noqa: E402
from gonghui.rules.api import router as rules_router  # noqa: E402
from gonghui.subsidies.api import router as subsidies_router  # noqa: E402

api.add_router("", accounts_router)
api.add_router("", orgs_router)
api.add_router("", members_router)
api.add_router("", joins_router)
api.add_router("", cleanup_router)
api.add_router("", hardship_router)
api.add_router("", assistance_router)
api.add_router("", medicalaid_router)
api.add_router("", campaigns_router)
api.add_router("", events_router)
api.add_router("", engagement_router)
api.add_router("", assessments_router)
api.add_router("", coverage_router)
api.add_router("", positions_router)
api.add_router("", subsidies_router)
api.add_router("", notices_router)
api.add_router("", rules_router)
