from django.shortcuts import redirect
from django.urls import reverse

# Pages a user must reach before the second factor (and the API, which checks it at sign-in).
EXEMPT_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/otp/", "/accounts/sms-code/", "/static/",
                   "/api/")


def needs_second_factor(user):
    """Operators must use TOTP; other staff once they have set it up."""
    from django_otp import user_has_device

    if not user.is_authenticated or user.kind != user.Kind.STAFF:
        return False
    return user_has_device(user) or user.grants.filter(role__code="operator").exists()


class StaffSecondFactorMiddleware:
    """Sends a staff user who must use a second factor, and has not yet this session,
    to set it up or enter the code before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (not request.path.startswith(EXEMPT_PREFIXES) and user.is_authenticated
                and not user.is_verified() and needs_second_factor(user)):
            return redirect(reverse("accounts:otp") + f"?next={request.get_full_path()}")
        return self.get_response(request)
