from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from ninja import Router, Schema
from ninja.errors import HttpError

from .middleware import needs_second_factor
from .models import ApiToken

router = Router(tags=["accounts"])


class LoginIn(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int


class GrantOut(Schema):
    union_id: int
    union_name: str
    role: str
    role_name: str
    covers_subtree: bool


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    kind: str
    grants: list[GrantOut]


def _verify_otp(user, token):
    return any(d.verify_token(token) for d in devices_for_user(user, confirmed=True)) if token else False


@router.post("/auth/login", auth=None, response=TokenOut)
def login(request, body: LoginIn):
    """Exchange a username (or member's mobile number) and password for a bearer token.
    Locked accounts (5 failures, 30 minutes) and users who need TOTP get a clear refusal."""
    user = authenticate(request, username=body.username, password=body.password)
    if user is None and body.username.isdigit():
        user = authenticate(request, phone=body.username, password=body.password)
    if getattr(request, "axes_locked_out", False):
        raise HttpError(403, _("Too many failed sign-ins: this account is locked for 30 minutes."))
    if user is None:
        raise HttpError(401, _("Wrong username or password."))
    if needs_second_factor(user) and not _verify_otp(user, body.otp):
        raise HttpError(401, _("This account needs the 6-digit code from its authenticator app (otp)."))
    from django.conf import settings

    return {"token": ApiToken.issue(user), "expires_in": int(settings.API_TOKEN_TTL.total_seconds())}


@router.get("/me", response=MeOut)
def me(request):
    u = request.user
    grants = [
        {"union_id": g.union_id, "union_name": g.union.name, "role": g.role.code, "role_name": _(g.role.name),
         "covers_subtree": g.covers_subtree}
        for g in u.grants.select_related("union", "role")
    ]
    return {"id": u.pk, "username": u.username, "full_name": u.full_name, "kind": u.kind, "grants": grants}
