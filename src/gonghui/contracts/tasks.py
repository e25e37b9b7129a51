"""Collective contracts' daily tasks (see gonghui.core.queue)."""

import datetime

from celery import shared_task
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services


@shared_task(label=gettext_lazy("Collective contracts: take effect after review, remind renewals"))
def daily(day=None):
    """Daily: filed contracts whose review ended without objection take effect; contracts whose
    renewal window opened are announced to their union. Both idempotent."""
    today = datetime.date.fromisoformat(day) if day else None
    n = services.take_effect_due(today)
    m = services.remind_renewals(today)
    return _("%(n)s contract(s) in force, %(m)s renewal reminder(s)") % {"n": n, "m": m}
