"""Campaigns' background tasks (see gonghui.core.queue)."""

import datetime

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services


@shared_task(label=gettext_lazy("Expire claim codes past their redemption period"))
def expire_claims(moment=None):
    """Daily: codes not redeemed by their campaign's end of redemption expire. `moment` is
    YYYY-MM-DD (its start) or YYYY-MM-DDTHH:MM, local time unless it has an offset; now by
    default. Idempotent (an expired code stays expired)."""
    now = None
    if moment:
        now = datetime.datetime.fromisoformat(moment)
        now = timezone.make_aware(now) if timezone.is_naive(now) else now
    return _("%(n)s claim(s) expired") % {"n": services.expire_due(now=now)}


@shared_task(label=gettext_lazy("Keep member deadlines for issued claim codes"))
def track_claim_expiry():
    """Daily: a member deadline for every issued claim code (idempotent), written here rather
    than on the claim's hot path."""
    return services.track_claim_expiry()
