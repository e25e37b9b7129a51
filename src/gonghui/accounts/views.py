"""Pages: signing in (staff and members), the second factor, one's own account security,
and staff accounts with their grants. Views parse input and call services.py."""

from base64 import b32encode
from functools import wraps
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from gonghui.core.access import can, get_object, has_perm_anywhere, refuse
from gonghui.core.crypto import lookup_hash
from gonghui.core.forms import show_error
from gonghui.core.listing import ListPage
from gonghui.core.navigation import current_scope_union

from . import forms, services
from .filtersets import StaffFilterSet
from .middleware import needs_second_factor
from .models import Grant, User
from .tables import StaffTable

LOCKED_MESSAGE = gettext_lazy("Too many failed sign-ins: this account is locked for 30 minutes.")


def _next_url(request):
    """Where to go after signing in: the `next` asked for, if it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _otp_url(target):
    return f"{reverse('accounts:otp')}?{urlencode({'next': target})}"


def second_factor_required(view):
    """Signed in, and verified with TOTP when the account needs it. StaffSecondFactorMiddleware
    leaves /accounts/ alone (the sign-in pages live there), so these pages check for themselves."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_verified() and needs_second_factor(user):
            return redirect(_otp_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


# --- django-axes hooks ---------------------------------------------------------------------

def axes_username(request, credentials):
    """AXES_USERNAME_CALLABLE: count failures per account, whichever way it signs in, so a
    member's mobile number and their username share one lock."""
    credentials = credentials or {}
    username = credentials.get("username")
    if username:
        return username
    phone = credentials.get("phone")
    if phone:
        # An unregistered number is still counted, under its keyed hash, never in plain text.
        return User.by_phone(phone).values_list("username", flat=True).first() or (
            "phone:" + lookup_hash("phone", phone)[:32])
    return request.POST.get("username") if request is not None else None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the API keeps its own JSON refusal (403 with the message); pages
    show the lockout page."""
    if original_response is not None and request.path.startswith("/api/"):
        return original_response
    return render(request, "accounts/locked.html", {"title": _("Account locked"), "message": LOCKED_MESSAGE},
                  status=settings.AXES_HTTP_RESPONSE_CODE)


# --- signing in and out --------------------------------------------------------------------

LOGIN_FORMS = {  # mode: (form class, id prefix, tab, test-id prefix)
    "staff": (forms.StaffLoginForm, "staff_%s", "staff", "staff"),
    "password": (forms.MemberPasswordForm, "mp_%s", "member", "member"),
    "sms": (forms.MemberSmsForm, "ms_%s", "member", "sms"),
}
LOGIN_ERRORS = {
    "staff": gettext_lazy("Wrong username or password."),
    "password": gettext_lazy("Wrong mobile number or password."),
    "sms": gettext_lazy("The code is wrong or has expired. Request a new code and try again."),
}


def _authenticate(request, mode, data):
    if mode == "staff":
        return authenticate(request, username=data["username"], password=data["password"])
    if mode == "password":
        return authenticate(request, phone=data["phone"], password=data["password"])
    return authenticate(request, phone=data["phone"], sms_code=data["sms_code"])


@sensitive_post_parameters("password", "sms_code")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    """Staff sign in with username and password; members with their mobile number and a
    password or an SMS code. Five failures lock the account for 30 minutes (django-axes)."""
    if request.method == "GET" and request.user.is_authenticated:
        return redirect(_next_url(request))
    mode = request.POST.get("mode") if request.method == "POST" else None
    mode = mode if mode in LOGIN_FORMS else None
    login_forms = {m: cls(auto_id=auto) for m, (cls, auto, *_rest) in LOGIN_FORMS.items()}
    status = 200
    if mode:
        cls, auto, *_rest = LOGIN_FORMS[mode]
        form = login_forms[mode] = cls(request.POST, auto_id=auto)
        if form.is_valid():
            user = _authenticate(request, mode, form.cleaned_data)
            if getattr(request, "axes_locked_out", False):
                form.add_error(None, LOCKED_MESSAGE)
                status = 403
            elif user is None:
                form.add_error(None, LOGIN_ERRORS[mode])
            else:
                auth_login(request, user)
                target = _next_url(request)
                if needs_second_factor(user):
                    return redirect(_otp_url(target))
                return redirect(target)
    for m, form in login_forms.items():
        for name, field in form.fields.items():
            field.widget.attrs["data-testid"] = f"{LOGIN_FORMS[m][3]}-{name.replace('sms_', '')}"
    tab = LOGIN_FORMS[mode][2] if mode else ("member" if request.GET.get("tab") == "member" else "staff")
    member_method = mode if mode in ("password", "sms") else (
        "sms" if request.GET.get("method") == "sms" else "password")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return render(request, "accounts/login.html", {
        "title": _("Sign in"), "forms": login_forms, "tab": tab, "member_method": member_method, "next": next_url,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }, status=status)


@require_POST
def logout(request):
    auth_logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


SMS_REPLIES = {
    "ok": gettext_lazy("If the number is registered, a code has been sent to it. It is valid for 5 minutes."),
    "limited": gettext_lazy("Please wait: a number can receive one code a minute and five an hour."),
    "invalid": gettext_lazy("Enter an 11-digit mainland mobile number starting with 1."),
}


@require_POST
def sms_code(request):
    """Send a sign-in code. The answer is the same for registered and unknown numbers."""
    status = services.request_sms_code(request.POST.get("phone"))
    reply = SMS_REPLIES[status]
    if request.htmx:
        return render(request, "accounts/sms_status.html", {"reply": reply, "ok": status == "ok"})
    (messages.info if status == "ok" else messages.warning)(request, reply)
    return redirect(f"{reverse('accounts:login')}?tab=member&method=sms")


# --- second factor -------------------------------------------------------------------------

def _secret(device):
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def _throttled(user):
    from django_otp import devices_for_user

    return any(not d.verify_is_allowed()[0] for d in devices_for_user(user, confirmed=None))


@never_cache
@require_http_methods(["GET", "POST"])
def otp(request):
    """Enter the TOTP code; without a confirmed device, set one up first (QR code and the
    secret for typing in), confirmed by its first valid code."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    target = _next_url(request)
    if user.kind != User.Kind.STAFF or user.is_verified():
        return redirect(target)
    setup = not user_has_device(user)
    device = services.pending_totp_device(user) if setup else None
    form = forms.OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if setup:
            verified = device if services.confirm_totp(device, acting_user=user, token=token) else None
        else:
            verified = services.verify_totp(user, token)
        if verified is not None:
            otp_login(request, verified)
            messages.success(request, _("Two-step verification is now on for your account.") if setup
                             else _("Verified. Welcome back."))
            return redirect(target)
        form.add_error("token", _("Too many wrong codes: wait a minute before trying again.") if _throttled(user)
                       else _("The code is not right. Check that the clock on your phone is correct and "
                              "enter the newest code."))
    context = {"title": _("Set up two-step verification") if setup else _("Two-step verification"),
               "form": form, "setup": setup, "next": request.GET.get("next") or request.POST.get("next") or "",
               "required": needs_second_factor(user)}
    if setup:
        # segno writes the SVG itself from the device's otpauth:// URL: no user input reaches it.
        context["qr"] = mark_safe(segno.make(device.config_url).svg_inline(scale=4))  # noqa: S308
        context["secret"] = _secret(device)
    return render(request, "accounts/otp.html", context)


# --- one's own account ---------------------------------------------------------------------

@sensitive_post_parameters("old_password", "new_password1", "new_password2", "password")
@second_factor_required
@require_http_methods(["GET", "POST"])
def security(request):
    """Change one's password; switch two-step verification on or off."""
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    password_form = forms.PasswordChangeForm(request.POST if action == "password" else None, auto_id="pw_%s")
    totp_form = forms.DisableTotpForm(request.POST if action == "disable_totp" else None, auto_id="totp_%s")
    if action == "password" and password_form.is_valid():
        d = password_form.cleaned_data
        try:
            services.change_own_password(acting_user=user, old_password=d["old_password"],
                                         new_password=d["new_password1"])
        except ValidationError as e:
            password_form.apply_errors(e)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:security")
    if action == "disable_totp" and totp_form.is_valid():
        try:
            services.disable_totp(acting_user=user, password=totp_form.cleaned_data["password"])
        except ValidationError as e:
            totp_form.apply_errors(e)
        else:
            messages.success(request, _("Two-step verification is now off for your account."))
            return redirect("accounts:security")
    return render(request, "accounts/security.html", {
        "title": _("Account security"), "password_form": password_form, "totp_form": totp_form,
        "is_staff_account": user.kind == User.Kind.STAFF, "has_totp": user_has_device(user),
        "must_totp": services.must_use_second_factor(user),
    })


# --- staff accounts ------------------------------------------------------------------------

@method_decorator(second_factor_required, name="dispatch")
class StaffList(ListPage):
    """Staff holding a grant on a union in the viewer's scope."""

    model = User
    filterset_class = StaffFilterSet
    table_class = StaffTable
    title = gettext_lazy("Staff accounts")
    add_url_name = "accounts:staff_create"
    permission = "accounts.view_grant"

    def get_queryset(self):
        grants = Grant.objects.select_related("union", "role").order_by("union__path", "role__sort")
        return services.staff_queryset().restrict(self.request.user).prefetch_related(
            Prefetch("grants", queryset=grants))


def _need(user, *perms):
    for perm in perms:
        if not has_perm_anywhere(user, perm):
            refuse(user, None, perm)


def _initial_union(request):
    """The union to offer first: one named in the address, else the scope switcher's."""
    pk = request.GET.get("union")
    if pk:
        return pk
    focus = current_scope_union(request)
    return focus.pk if focus is not None else None


def _grant_form(request, data=None):
    return forms.GrantForm(data, user=request.user, auto_id="grant_%s", initial={"union": _initial_union(request)})


@second_factor_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    _need(request.user, "accounts.add_user", "accounts.add_grant")
    form = forms.StaffCreateForm(request.POST or None, user=request.user, initial={"union": _initial_union(request)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            staff = services.create_staff(
                acting_user=request.user, username=d["username"], full_name=d["full_name"],
                password=d["password1"], role=d["role"], union=d["union"], covers_subtree=d["covers_subtree"])
        except ValidationError as e:
            form.apply_errors(e)
        else:
            messages.success(request, _("The staff account %(name)s was created. Give the initial password to "
                                        "the person in private.") % {"name": staff.username})
            return redirect("accounts:staff_detail", pk=staff.pk)
    return render(request, "accounts/staff_form.html", {"title": _("New staff account"), "form": form})


def _detail(request, staff, grant_form=None, status=200):
    user = request.user
    grants = list(staff.grants.select_related("union", "role").order_by("union__path", "role__sort"))
    for g in grants:
        g.removable = can(user, "accounts.delete_grant", g.union) and len(grants) > 1
        g.role_label = _(g.role.name)
    can_change = services.staff_queryset().restrict(user, "change").filter(pk=staff.pk).exists()
    can_grant = has_perm_anywhere(user, "accounts.add_grant")
    return render(request, "accounts/staff_detail.html", {
        "title": staff.get_full_name(), "staff": staff, "grants": grants,
        "grant_form": grant_form or (_grant_form(request) if can_grant else None),
        "can_change": can_change and staff.pk != user.pk, "is_self": staff.pk == user.pk,
        "locked": services.is_locked_out(staff), "has_totp": user_has_device(staff),
    }, status=status)


@second_factor_required
def staff_detail(request, pk):
    staff = get_object(request.user, services.staff_queryset(), "view", pk=pk)
    return _detail(request, staff)


@second_factor_required
@require_http_methods(["GET", "POST"])
def grant_add(request, pk):
    staff = get_object(request.user, services.staff_queryset(), "view", pk=pk)
    _need(request.user, "accounts.add_grant")
    if request.method == "GET":
        return redirect("accounts:staff_detail", pk=staff.pk)
    form = _grant_form(request, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            grant = services.add_grant(staff, acting_user=request.user, role=d["role"], union=d["union"],
                                       covers_subtree=d["covers_subtree"])
        except ValidationError as e:
            form.apply_errors(e)
        else:
            messages.success(request, _("%(user)s now holds the role %(role)s on %(union)s.") % {
                "user": staff, "role": _(grant.role.name), "union": grant.union.name})
            return redirect("accounts:staff_detail", pk=staff.pk)
    return _detail(request, staff, grant_form=form, status=400)


@second_factor_required
@require_POST
def grant_remove(request, pk):
    grant = get_object(request.user, services.grant_queryset(), "delete", pk=pk)
    staff = grant.user
    try:
        services.remove_grant(grant, acting_user=request.user)
    except ValidationError as e:
        show_error(request, e)
    else:
        messages.success(request, _("The role %(role)s on %(union)s was taken away from %(user)s.") % {
            "role": _(grant.role.name), "union": grant.union.name, "user": staff})
    return redirect("accounts:staff_detail", pk=staff.pk)


@second_factor_required
@require_POST
def staff_unlock(request, pk):
    staff = get_object(request.user, services.staff_queryset(), "change", pk=pk)
    services.unlock_staff(staff, acting_user=request.user)
    messages.success(request, _("%(user)s can sign in again.") % {"user": staff})
    return redirect("accounts:staff_detail", pk=staff.pk)


@second_factor_required
@require_POST
def staff_deactivate(request, pk):
    staff = get_object(request.user, services.staff_queryset(), "change", pk=pk)
    try:
        services.set_staff_active(staff, acting_user=request.user, active=False,
                                  reason=request.POST.get("reason", "").strip())
    except ValidationError as e:
        show_error(request, e)
    else:
        messages.success(request, _("The account %(user)s was deactivated: it can no longer sign in.")
                         % {"user": staff})
    return redirect("accounts:staff_detail", pk=staff.pk)


@second_factor_required
@require_POST
def staff_activate(request, pk):
    staff = get_object(request.user, services.staff_queryset(), "change", pk=pk)
    services.set_staff_active(staff, acting_user=request.user, active=True)
    messages.success(request, _("The account %(user)s is active again.") % {"user": staff})
    return redirect("accounts:staff_detail", pk=staff.pk)
