"""The JSON API at /api/v1/: same services and same scoping as the pages.

Clients sign in at POST /api/v1/auth/login and send `Authorization: Bearer <token>`.
Errors carry a Chinese `detail`; validation errors add `errors` by field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer

from gonghui.core.access import record_if_refusal


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        from gonghui.accounts import tokencache

        user = tokencache.user_for(token)  # kept in memory 30 s at most (see tokencache)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(title="Gonghui API", version="1", urls_namespace="api", auth=BearerToken())


def bearer_digest(request):
    """The SHA-256 (hex, as `ApiToken.digest` holds it) of the request's bearer token; "" without one."""
    from gonghui.accounts.models import _digest

    scheme, _sp, raw = request.headers.get("Authorization", "").partition(" ")
    return _digest(raw.strip()) if scheme.lower() == "bearer" and raw.strip() else ""


def authenticate(request):
    """For an operation declared `auth=None` that decides itself when to authenticate: the
    request's bearer token, checked as every other operation checks it; 401 without a valid one."""
    if BearerToken()(request) is None:
        raise AuthenticationError


# What an operation declared `auth=None` that authenticates itself shows in the OpenAPI schema.
SELF_AUTHENTICATED = {"security": [{"BearerToken": []}]}


def anyone(request):
    """The last auth of a public operation: a caller without a (valid) token is let in as an
    anonymous visitor (request.user stays AnonymousUser); a token is still honoured first."""
    return "anonymous"


# Operations open to anyone: `@router.get(..., auth=PUBLIC, throttle=...)`; they are rate limited.
PUBLIC = [BearerToken(), anyone]


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


def schema_message(error):
    """One schema error (pydantic's, in English: "String should have at most 60 characters") as
    a Chinese message naming the field and its limit, like every other message."""
    loc = [str(p) for p in error.get("loc", [])[1:] if not isinstance(p, int)]
    label = f"“{loc[-1]}”" if loc else _("the request")
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    limit = next((ctx[k] for k in ("max_length", "min_length", "le", "ge", "lt", "gt", "max_digits",
                                   "decimal_places") if k in ctx), "")
    messages = {
        "missing": _("Please fill in %(label)s."),
        "string_too_long": _("%(label)s is longer than %(n)s characters."),
        "string_too_short": _("%(label)s needs at least %(n)s characters."),
        "too_long": _("%(label)s holds at most %(n)s items."),
        "too_short": _("%(label)s needs at least %(n)s items."),
        "less_than_equal": _("%(label)s can be at most %(n)s."),
        "less_than": _("%(label)s must be less than %(n)s."),
        "greater_than_equal": _("%(label)s must be at least %(n)s."),
        "greater_than": _("%(label)s must be more than %(n)s."),
        "int_parsing": _("%(label)s must be a whole number."),
        "int_type": _("%(label)s must be a whole number."),
        "int_from_float": _("%(label)s must be a whole number."),
        "float_parsing": _("%(label)s must be a number."),
        "float_type": _("%(label)s must be a number."),
        "decimal_parsing": _("%(label)s must be a number."),
        "decimal_type": _("%(label)s must be a number."),
        "decimal_max_digits": _("%(label)s has more than %(n)s digits."),
        "decimal_max_places": _("%(label)s has more than %(n)s decimal places."),
        "bool_parsing": _("%(label)s must be true or false."),
        "bool_type": _("%(label)s must be true or false."),
        "date_parsing": _("%(label)s must be a date such as 2026-05-01."),
        "date_from_datetime_parsing": _("%(label)s must be a date such as 2026-05-01."),
        "date_type": _("%(label)s must be a date such as 2026-05-01."),
        "datetime_parsing": _("%(label)s must be a date and time such as 2026-05-01T09:30:00+08:00."),
        "datetime_from_date_parsing": _("%(label)s must be a date and time such as 2026-05-01T09:30:00+08:00."),
        "datetime_type": _("%(label)s must be a date and time such as 2026-05-01T09:30:00+08:00."),
        "enum": _("%(label)s: choose one of %(n)s."),
        "literal_error": _("%(label)s: choose one of %(n)s."),
        "string_type": _("%(label)s must be text."),
        "list_type": _("%(label)s must be a list."),
        "dict_type": _("%(label)s must be an object."),
        "model_type": _("%(label)s must be an object."),
        "json_invalid": _("The request body is not valid JSON."),
    }
    msg = error.get("msg", "")
    if kind == "value_error" and msg.startswith("Value error, "):  # our own validators speak Chinese
        return msg.removeprefix("Value error, ")
    if kind in ("enum", "literal_error"):
        limit = ctx.get("expected", "")
    template = messages.get(kind, _("%(label)s is not valid."))
    return template % {"label": label, "n": limit}


@api.exception_handler(SchemaValidationError)
def _schema_invalid(request, exc):
    errors = {}
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", [])]
        if len(loc) >= 3 and loc[0] == "body":
            loc = loc[1:]  # ("body", the view's parameter, field...): clients know the field only
        field = ".".join(loc[1:]) or "__all__"
        errors.setdefault(field, []).append(str(schema_message(e)))
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


@api.exception_handler(Throttled)
def _throttled(request, exc):
    wait = max(1, int(exc.wait or 1))
    response = api.create_response(
        request, {"detail": _("Too many requests; wait %(n)d seconds and try again.") % {"n": wait}}, status=429)
    response["Retry-After"] = str(wait)
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Please sign in: send a valid bearer token.")},
                               status=401)


from gonghui.accounts.api import router as accounts_router  # noqa: E402
from gonghui.assessments.api import router as assessments_router  # noqa: E402
from gonghui.assistance.api import router as assistance_router  # noqa: E402
from gonghui.budgets.api import router as budgets_router  # noqa: E402
from gonghui.campaigns.api import router as campaigns_router  # noqa: E402
from gonghui.competitions.api import router as competitions_router  # noqa: E402
from gonghui.congress.api import router as congress_router  # noqa: E402
from gonghui.contracts.api import router as contracts_router  # noqa: E402
from gonghui.core.api import router as core_router  # noqa: E402
from gonghui.coverage.api import router as coverage_router  # noqa: E402
from gonghui.disputes.api import router as disputes_router  # noqa: E402
from gonghui.elections.api import router as elections_router  # noqa: E402
from gonghui.engagement.api import router as engagement_router  # noqa: E402
from gonghui.events.api import router as events_router  # noqa: E402
from gonghui.funds.api import router as funds_router  # noqa: E402
from gonghui.hardship.api import router as hardship_router  # noqa: E402
from gonghui.honours.api import router as honours_router  # noqa: E402
from gonghui.mall.api import router as mall_router  # noqa: E402
from gonghui.medicalaid.api import router as medicalaid_router  # noqa: E402
from gonghui.members.api import router as members_router  # noqa: E402
from gonghui.members.cleanup_api import router as cleanup_router  # noqa: E402
from gonghui.members.join_api import router as joins_router  # noqa: E402
from gonghui.notices.api import router as notices_router  # noqa: E402
from gonghui.orgs.api import router as orgs_router  # noqa: E402
from gonghui.positions.api import router as positions_router  # noqa: E402
from gonghui.recuperation.api import router as recuperation_router  # noqa: E402
from gonghui.rights.api import router as rights_router  # noqa: E402
from gonghui.rules.api import router as rules_router  # noqa: E402
from gonghui.skills.api import router as skills_router  # noqa: E402
from gonghui.studios.api import router as studios_router  # noqa: E402
from gonghui.subsidies.api import router as subsidies_router  # noqa: E402
from gonghui.volunteers.api import router as volunteers_router  # noqa: E402
from gonghui.wcongress.api import router as wcongress_router  # noqa: E402

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
api.add_router("", wcongress_router)
api.add_router("", rights_router)
api.add_router("", disputes_router)
api.add_router("", contracts_router)
api.add_router("", funds_router)
api.add_router("", engagement_router)
api.add_router("", assessments_router)
api.add_router("", coverage_router)
api.add_router("", positions_router)
api.add_router("", subsidies_router)
api.add_router("", congress_router)
api.add_router("", elections_router)
api.add_router("", honours_router)
api.add_router("", budgets_router)
api.add_router("", recuperation_router)
api.add_router("", volunteers_router)
api.add_router("", skills_router)
api.add_router("", competitions_router)
api.add_router("", studios_router)
api.add_router("", mall_router)
api.add_router("", notices_router)
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
