"""The JSON API at /api/v1/: same services and same scoping as the pages.

Clients sign in at POST /api/v1/auth/login and send `Authorization: Bearer <token>`.
Errors carry a Chinese `detail`; validation errors add `errors` by field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
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


def _schema_message(e):
    """A pydantic error in Chinese, by its type (the field is named by the key it is filed under)."""
    kind, ctx = e.get("type", ""), e.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "extra_forbidden": _("This field is not accepted here."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "float_type": _("Enter a number."),
        "decimal_parsing": _("Enter a number."),
        "decimal_type": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "datetime_parsing": _("Enter a date and time (ISO 8601)."),
        "datetime_from_date_parsing": _("Enter a date and time (ISO 8601)."),
        "datetime_type": _("Enter a date and time (ISO 8601)."),
        "list_type": _("Enter a list."),
        "dict_type": _("Enter an object."),
        "model_type": _("Enter an object."),
        "model_attributes_type": _("Enter an object."),
        "enum": _("Choose one of the listed values."),
        "literal_error": _("Choose one of the listed values."),
        "json_invalid": _("The request body is not valid JSON."),
        "uuid_parsing": _("Enter a valid identifier."),
    }
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a value of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a value of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind == "string_too_long":
        return _("Enter at most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind == "too_long":
        return _("Enter at most %(n)s items.") % {"n": ctx.get("max_length")}
    if kind in messages:
        return messages[kind]
    msg = e.get("msg", "")
    if kind == "value_error" and msg.startswith("Value error, "):  # our own validators speak Chinese
        return msg.removeprefix("Value error, ")
    return _("This value is not valid.")


@api.exception_handler(SchemaValidationError)
def _schema_invalid(request, exc):
    errors = {}
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", [])]
        if len(loc) >= 3 and loc[0] == "body":
            loc = loc[1:]  # ("body", the view's parameter, field...): clients know the field only
        field = ".".join(loc[1:]) or "__all__"
        errors.setdefault(field, []).append(str(_schema_message(e)))
    return api.create_response(
        request, {"detail": _("The request is not valid; see errors by field."), "errors": errors}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    """ninja's own refusals; the one it raises on a body it cannot read is said in Chinese."""
    if exc.status_code == 400:
        return api.create_response(request, {"detail": _("The request body is not valid JSON.")}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(IntegrityError)
def _conflict(request, exc):
    """A row the database refused (a required value left empty, a duplicate written at the same
    moment): the service's transaction has rolled back; nothing was written."""
    return api.create_response(
        request, {"detail": _("The change conflicts with the stored data or leaves a required value empty; "
                              "nothing was saved.")}, status=422)


@api.exception_handler(DataError)
def _out_of_range(request, exc):
    return api.create_response(
        request, {"detail": _("A value is out of range or not valid for its field; nothing was saved.")},
        status=422)


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
from gonghui.core.api import router as core_router  # noqa: E402
from gonghui.coverage.api import router as coverage_router  # noqa: E402
from gonghui.engagement.api import router as engagement_router  # noqa: E402
from gonghui.events.api import router as events_router  # noqa: E402
from gonghui.hardship.api import router as hardship_router  # noqa: E402
from gonghui.medicalaid.api import router as medicalaid_router  # noqa: E402
from gonghui.members.api import router as members_router  # noqa: E402
from gonghui.members.cleanup_api import router as cleanup_router  # noqa: E402
from gonghui.members.join_api import router as joins_router  # noqa: E402
from gonghui.orgs.api import router as orgs_router  # noqa: E402
from gonghui.positions.api import router as positions_router  # noqa: E402
from gonghui.rules.api import router as rules_router  # noqa: E402
from gonghui.subsidies.api import router as subsidies_router  # noqa: E402

api.add_router("", accounts_router)
api.add_router("", core_router)
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
api.add_router("", rules_router)


def _unique_schema_names():
    """Give every API schema a name of its own in the published document.

    Apps name their schemas alike (ReviewIn in five apps); the OpenAPI document keeps one
    definition per name, so all but one operation were documented with another app's body.
    A name used by more than one class becomes <App><Name> (e.g. HardshipReviewIn), the
    classes are rebuilt so their JSON schema carries it, and names stay unique as apps grow.
    """
    from ninja import Schema
    from ninja.params.models import ParamModel
    from pydantic import BaseModel

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    ours = [c for c in dict.fromkeys(every(Schema)) if c.__module__.startswith("gonghui.")]
    by_name, renamed = {}, []
    for c in ours:
        by_name.setdefault(c.__name__, []).append(c)
    for name, classes in by_name.items():
        if len(classes) < 2:
            continue
        for c in classes:
            parts = c.__module__.split(".")  # gonghui.<app>.<module>
            prefix = parts[1].title().replace("_", "")
            if sum(1 for o in classes if o.__module__.split(".")[1] == parts[1]) > 1:
                prefix += parts[-1].title().replace("_", "")
            c.__name__ = c.__qualname__ = prefix + name
            renamed.append(c)
    # Rebuild the renamed schemas, then every model that may embed them (ours and the
    # parameter models ninja made for each operation), so their JSON schema uses the new names.
    for c in renamed + [c for c in dict.fromkeys(every(BaseModel)) if c not in renamed and
                        (c.__module__.startswith("gonghui.") or issubclass(c, ParamModel))]:
        c.model_rebuild(force=True)


_unique_schema_names()
