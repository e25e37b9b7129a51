"""Account events that end existing API tokens: a lockout and a changed password."""

from axes.signals import user_locked_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    from . import services

    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        services.account_locked(user, ip_address=ip_address)


@receiver(post_save, sender=User)
def _password_changed(sender, instance, created, **kwargs):
    """`_password` is set by set_password() until the save ends (Django clears it after this
    signal; a hash upgrade at sign-in clears it first), so this fires on real changes only:
    the change service, the admin, a reset, `changepassword`."""
    if not created and getattr(instance, "_password", None) is not None:
        from . import services

        services.revoke_api_tokens(instance)
