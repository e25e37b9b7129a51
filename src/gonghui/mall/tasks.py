"""The mall's background tasks (see gonghui.core.queue)."""

import datetime

from celery import shared_task
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.money import yuan

from . import services


@shared_task(label=gettext_lazy("Expire e-vouchers and return their unspent value to the budget"))
def expire_vouchers(day=None):
    """Daily: vouchers past their date expire and their unspent value goes back to the budget
    line. `day` is YYYY-MM-DD (today by default). Idempotent."""
    today = datetime.date.fromisoformat(day) if day else None
    n, fen = services.expire_due(today)
    return _("%(n)s voucher(s) expired, %(yuan)s 元 returned to the budget") % {"n": n, "yuan": yuan(fen)}
