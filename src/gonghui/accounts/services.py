"""Every write to staff accounts, grants, passwords, second factors and sign-in codes.

Views and the API parse input and call these. Each function takes the acting user, checks
the permission on the union it touches first, raises ValidationError (messages naming the
field) on bad input and then changes nothing, and writes one audit entry.

The rules for staff accounts make access symmetric with the union tree: a staff account
belongs to the unions it holds grants on, so a county's organisation department manages
the staff of its county, and for staff elsewhere the account is "not found".
"""

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core import audit
from gonghui.core.access import forget, refuse, require, scope
from gonghui.orgs.models import Union

from . import sms
from .models import ApiToken, Grant, Role, SmsCode, User

OPERATOR = "operator"

# --- scoped reads used by the pages (get_object needs a queryset with `restrict`) ---------


def _perm_for(action, model_name):
    # Seeing a staff account is seeing who holds grants where: the grant's view right.
    if action == "view":
        return "accounts.view_grant"
    return f"accounts.{action}_{model_name}"


class StaffQuerySet(models.QuerySet):
    """Staff accounts as seen by one user.

    view: the account holds at least one grant on a union in the viewer's scope.
    change (and any other action): every grant the account holds lies in the actor's
    scope, so nobody changes an account that also works for a union they do not manage.
    Accounts without any grant are reached only from the root of the tree.
    """

    def restrict(self, user, action="view"):
        staff = self.filter(kind=User.Kind.STAFF)
        s = scope(user, _perm_for(action, "user"))
        if s.everything:
            return staff
        if s.empty:
            return staff.none()
        inside = User.objects.filter(s.q("grants__union__path")).values("pk")
        staff = staff.filter(pk__in=inside)
        if action != "view":
            staff = staff.exclude(pk__in=Grant.objects.exclude(s.q("union__path")).values("user_id"))
        return staff


class GrantQuerySet(models.QuerySet):
    """Grants whose union lies in the user's scope for the grant permission of `action`."""

    def restrict(self, user, action="view"):
        return self.filter(scope(user, _perm_for(action, "grant")).q("union__path"))


def staff_queryset():
    return StaffQuerySet(User).order_by("username")


def grant_queryset():
    return GrantQuerySet(Grant).select_related("user", "union", "role")


def grantable_unions(user):
    """Active unions on which `user` may grant roles."""
    return Union.objects.filter(scope(user, "accounts.add_grant").q("path"), status="active").order_by("path")


def is_root_operator(user):
    """Holds the operator role on a root union, covering the whole tree."""
    return Grant.objects.filter(user=user, role__code=OPERATOR, covers_subtree=True, union__depth=1,
                                union__status="active").exists()


def grantable_roles(user):
    roles = Role.objects.all()
    return roles if is_root_operator(user) else roles.exclude(code=OPERATOR)


def _first_union(user):
    g = user.grants.select_related("union").order_by("union__path").first()
    return g.union if g else None


# --- grants --------------------------------------------------------------------------------

def _check_grant(acting_user, role, union, covers_subtree):
    """The escalation rules: nobody grants outside their scope, nobody hands out more
    reach than they hold, and only an operator of the whole tree makes operators."""
    if not isinstance(union, Union):
        raise ValidationError({"union": _("Choose a union.")})
    if not isinstance(role, Role):
        raise ValidationError({"role": _("Choose a role.")})
    require(acting_user, "accounts.add_grant", union)
    if covers_subtree and not any(union.path.startswith(p)
                                  for p in scope(acting_user, "accounts.add_grant").subtrees):
        # A grant on this union alone does not let the actor hand out the unions below it.
        refuse(acting_user, union, "accounts.add_grant")
    if role.code == OPERATOR and not is_root_operator(acting_user):
        refuse(acting_user, union, "accounts.add_grant:operator")
    if not union.is_active:
        raise ValidationError({"union": _("The union %(name)s has been revoked or merged; roles cannot be "
                                          "granted on it.") % {"name": union.name}})


def _grant_changes(grant):
    return {"user": grant.user.username, "role": grant.role.code, "union": grant.union.name,
            "union_id": grant.union_id, "covers_subtree": grant.covers_subtree}


@transaction.atomic
def add_grant(user, *, acting_user, role, union, covers_subtree=True):
    """Give `user` the `role` on `union` (and below it, when `covers_subtree`)."""
    _check_grant(acting_user, role, union, covers_subtree)
    if not StaffQuerySet(User).restrict(acting_user).filter(pk=user.pk).exists():
        refuse(acting_user, user, "accounts.add_grant")
    if user.kind != User.Kind.STAFF:
        raise ValidationError(_("Roles are granted to staff accounts only."))
    if Grant.objects.filter(user=user, role=role, union=union).exists():
        raise ValidationError({"role": _("%(user)s already holds the role %(role)s on %(union)s.")
                               % {"user": user, "role": _(role.name), "union": union.name}})
    try:
        with transaction.atomic():
            grant = Grant.objects.create(user=user, role=role, union=union, covers_subtree=covers_subtree)
    except IntegrityError:
        raise ValidationError({"role": _("%(user)s already holds the role %(role)s on %(union)s.")
                               % {"user": user, "role": _(role.name), "union": union.name}}) from None
    forget(user)
    audit.record("grant", actor=acting_user, obj=grant, union=union,
                 changes={k: [None, v] for k, v in _grant_changes(grant).items()})
    return grant


@transaction.atomic
def remove_grant(grant, *, acting_user):
    """Take a grant away. An account keeps at least one grant: without one nobody in the
    tree could manage it any more (deactivate the account instead), and nobody removes
    their own last grant and locks themselves out."""
    require(acting_user, "accounts.delete_grant", grant.union, obj=grant)
    # Lock the account's grants so two clerks removing the last two at once cannot both win.
    others = list(Grant.objects.select_for_update().filter(user_id=grant.user_id).exclude(pk=grant.pk)
                  .values_list("pk", flat=True))
    if not others:
        if grant.user_id == acting_user.pk:
            raise ValidationError(_("This is your last role; removing it would lock you out. Ask another "
                                    "administrator if it really has to go."))
        raise ValidationError(_("This is the account's last role. Deactivate the account instead, so it "
                                "stays on record with its union."))
    changes = {k: [v, None] for k, v in _grant_changes(grant).items()}
    union, pk, text = grant.union, grant.pk, str(grant)
    grant.delete()
    forget(acting_user)
    audit.record("revoke_grant", actor=acting_user, union=union, object_type="accounts.grant", object_id=pk,
                 object_repr=text, changes=changes)


# --- staff accounts ------------------------------------------------------------------------

def _clean_username(username):
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Enter a username.")})
    try:
        User.username_validator(username)
    except ValidationError as e:
        raise ValidationError({"username": e.messages}) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The username %(name)s is already taken.") % {"name": username}})
    return username


@transaction.atomic
def create_staff(*, acting_user, username, full_name, password, role, union, covers_subtree=True):
    """A new staff account with its first grant: an account always belongs somewhere."""
    require(acting_user, "accounts.add_user", union if isinstance(union, Union) else None)
    _check_grant(acting_user, role, union, covers_subtree)
    username = _clean_username(username)
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationError({"full_name": _("Enter the person's full name.")})
    candidate = User(username=username, full_name=full_name, kind=User.Kind.STAFF)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as e:
        raise ValidationError({"password1": e.messages}) from None
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password, full_name=full_name,
                                            kind=User.Kind.STAFF)
    except IntegrityError:
        raise ValidationError({"username": _("The username %(name)s is already taken.") % {"name": username}}
                              ) from None
    grant = Grant.objects.create(user=user, role=role, union=union, covers_subtree=covers_subtree)
    audit.record("create", actor=acting_user, obj=user, union=union,
                 changes=audit.diff({}, audit.snapshot(user, ("username", "full_name", "kind", "is_active")))
                 | {"grant": [None, str(grant)]})
    return user


@transaction.atomic
def set_staff_active(user, *, acting_user, active, reason=""):
    """Deactivate (or reactivate) a staff account. A deactivated account cannot sign in,
    its sessions and API tokens stop working, and it stays listed under its unions."""
    if not StaffQuerySet(User).restrict(acting_user, "change").filter(pk=user.pk).exists():
        refuse(acting_user, user, "accounts.change_user")
    if user.pk == acting_user.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return user
    before = audit.snapshot(user, ("is_active",))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        user.api_tokens.all().delete()
    audit.record("deactivate" if not active else "activate", actor=acting_user, obj=user,
                 union=_first_union(user), reason=reason,
                 changes=audit.diff(before, audit.snapshot(user, ("is_active",))))
    return user


def revoke_api_tokens(user):
    """End every API token of the account (a lockout, a changed password); returns how many."""
    return ApiToken.objects.filter(user=user).delete()[0]


@transaction.atomic
def account_locked(user, *, ip_address=None):
    """django-axes locked the account (from one address): its API tokens end, and the owner
    is told."""
    revoked = revoke_api_tokens(user)
    notify_owner_of_lockout(user, ip_address=ip_address, tokens_revoked=revoked)


def notify_owner_of_lockout(user, *, ip_address=None, tokens_revoked=0):
    """Tell the account's owner that their account was locked from `ip_address` and that their
    API tokens ended: in their inbox and by SMS (a kind that must not be missed, since a lockout
    is often someone else guessing the password), and in the audit trail.

    The notice goes through gonghui.notices (an app above this one, imported here only): its
    outbox row is written in the lockout's transaction and delivered after commit."""
    from django.conf import settings

    from gonghui.notices.services import notify

    audit.record("account_locked", obj=user, union=_first_union(user), actor_label="system",
                 changes={"ip_address": ip_address, "tokens_revoked": tokens_revoked})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    body = _("%(n)s failed sign-ins from %(ip)s locked your account for %(minutes)s minutes.") % {
        "n": settings.AXES_FAILURE_LIMIT, "ip": ip_address or _("an unknown address"), "minutes": minutes}
    if tokens_revoked:
        body += " " + _("Your API tokens (%(n)s) were ended; sign in again to get a new one.") % {"n": tokens_revoked}
    body += " " + _("If it was not you, change your password once you can sign in, or ask your administrator.")
    notify(user, kind="account_locked", title=_("Your account was locked"), body=body, obj=user)


def lockout_names(user):
    """The names django-axes may have locked this account under."""
    return [n for n in (user.username, user.phone.reveal() if user.phone else None) if n]


@transaction.atomic
def unlock_staff(user, *, acting_user):
    """Lift a lockout (5 failed sign-ins) before the 30 minutes are over."""
    from axes.utils import reset

    if not StaffQuerySet(User).restrict(acting_user, "change").filter(pk=user.pk).exists():
        refuse(acting_user, user, "accounts.change_user")
    removed = sum(reset(username=name) for name in lockout_names(user))
    audit.record("unlock", actor=acting_user, obj=user, union=_first_union(user),
                 changes={"failed_attempts_cleared": removed})
    return removed


def is_locked_out(user):
    from axes.models import AccessAttempt
    from django.utils import timezone

    return AccessAttempt.objects.filter(
        username__in=lockout_names(user), failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME).exists()


# --- one's own account ---------------------------------------------------------------------

@transaction.atomic
def change_own_password(*, acting_user, old_password, new_password):
    """The signed-in user changes their password; Django's validators (等保: length, classes,
    common and numeric passwords, similarity to the name) apply."""
    if not acting_user.check_password(old_password):
        raise ValidationError({"old_password": _("Your current password is not correct.")})
    try:
        password_validation.validate_password(new_password, acting_user)
    except ValidationError as e:
        raise ValidationError({"new_password1": e.messages}) from None
    acting_user.set_password(new_password)
    acting_user.save(update_fields=["password"])
    audit.record("password_change", actor=acting_user, obj=acting_user, union=_first_union(acting_user))


def must_use_second_factor(user):
    """Operators may not turn TOTP off: their accounts reach everything."""
    return user.grants.filter(role__code=OPERATOR).exists()


def pending_totp_device(user):
    """The unconfirmed TOTP device being set up, created on first use; reused on reload so
    the QR code stays the same until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def confirm_totp(device, *, acting_user, token):
    """Confirm a new TOTP device with its first valid code; returns True when it was."""
    if device.user_id != acting_user.pk or device.confirmed:
        refuse(acting_user, None, "otp_totp.change_totpdevice")
    if not device.verify_token((token or "").strip()):
        audit.record("otp_failed", actor=acting_user, obj=acting_user, union=_first_union(acting_user))
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    audit.record("otp_enabled", actor=acting_user, obj=acting_user, union=_first_union(acting_user))
    return True


def verify_totp(user, token):
    """The confirmed device that accepts `token`, or None (failures are throttled by django-otp
    and recorded)."""
    token = (token or "").strip()
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    audit.record("otp_failed", actor=user, obj=user, union=_first_union(user))
    return None


@transaction.atomic
def disable_totp(*, acting_user, password):
    """Remove the signed-in user's TOTP devices (asks for the password again)."""
    if must_use_second_factor(acting_user):
        raise ValidationError(_("Operators must keep two-step verification switched on."))
    if not acting_user.check_password(password):
        raise ValidationError({"password": _("Your current password is not correct.")})
    if not user_has_device(acting_user, confirmed=None):
        return
    TOTPDevice.objects.filter(user=acting_user).delete()
    audit.record("otp_disabled", actor=acting_user, obj=acting_user, union=_first_union(acting_user))


# --- SMS sign-in codes ---------------------------------------------------------------------

SMS_PER_MINUTE_KEY = "gonghui:sms:minute:{phone}"
SMS_PER_HOUR_KEY = "gonghui:sms:hour:{phone}"
SMS_HOURLY_LIMIT = 5


def valid_phone(phone):
    """A mainland mobile number: 11 digits starting with 1."""
    return isinstance(phone, str) and len(phone) == 11 and phone.isdigit() and phone.startswith("1")


def mask_phone(phone):
    return f"{phone[:3]}****{phone[-4:]}" if len(phone or "") == 11 else (phone or "")


def _take_sms_slot(phone):
    """At most one code a minute and five an hour for each number, for registered and
    unregistered numbers alike, so the limit does not tell which numbers exist."""
    if not cache.add(SMS_PER_MINUTE_KEY.format(phone=phone), 1, 60):
        return False
    key = SMS_PER_HOUR_KEY.format(phone=phone)
    cache.add(key, 0, 3600)
    try:
        n = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        n = 1
    return n <= SMS_HOURLY_LIMIT


@transaction.atomic
def request_sms_code(phone):
    """Send a sign-in code to a member's number. Returns "invalid", "limited" or "ok"; "ok"
    whether or not the number is registered, so callers cannot probe numbers."""
    phone = (phone or "").strip()
    if not valid_phone(phone):
        return "invalid"
    if not _take_sms_slot(phone):
        return "limited"
    user = User.by_phone(phone).filter(is_active=True, kind=User.Kind.MEMBER).first()
    if user is None:
        return "ok"
    code = SmsCode.issue(phone)
    minutes = int(settings.SMS_CODE_TTL.total_seconds() // 60)
    sms.send(phone, _("Your Gonghui sign-in code is %(code)s, valid for %(minutes)d minutes. Never share it "
                      "with anyone.") % {"code": code, "minutes": minutes})
    audit.record("sms_code", obj=user, object_repr=mask_phone(phone), actor_label=mask_phone(phone))
    return "ok"
