"""Logins, logouts and failed logins go to the audit trail."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.db.models import CharField
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.text import capfirst
from django.utils.translation import gettext as _

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


@receiver(pre_save)
def _check_lengths(sender, instance, raw=False, **kwargs):
    """No text longer than its column reaches the database, whichever way it came (a form checks
    first; the API and imports meet this): a clear message naming the field and its limit instead
    of PostgreSQL's DataError (a server error) or SQLite keeping the overlong text."""
    if raw or not sender.__module__.startswith("gonghui."):
        return
    errors = {}
    for field in sender._meta.concrete_fields:
        if isinstance(field, CharField) and field.max_length:
            value = getattr(instance, field.attname, None)
            if isinstance(value, str) and len(value) > field.max_length:
                errors[field.name] = _("%(label)s is longer than %(n)d characters.") % {
                    "label": capfirst(field.verbose_name), "n": field.max_length}
    if errors:
        raise ValidationError(errors)
