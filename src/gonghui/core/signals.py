"""Logins, logouts and failed logins go to the audit trail."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .crypto import mask


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record("login", actor=user, obj=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record("logout", actor=user, obj=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    """A failed sign-in, named by the username tried, or by the masked mobile number."""
    User = get_user_model()
    if credentials.get("username"):
        name = str(credentials["username"])[:150]
        user = User.objects.filter(username=name).first()
    else:
        phone = str(credentials.get("phone") or "")
        name = mask("phone", phone)
        user = User.by_phone(phone).first() if phone else None
    audit.record("login_failed", obj=user, actor_label=name, object_repr=name)
