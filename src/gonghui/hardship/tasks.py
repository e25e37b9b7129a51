"""Hardship's background tasks (see gonghui.core.queue)."""

import datetime

from celery import shared_task
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services


@shared_task(label=gettext_lazy("Activate hardship files whose 公示 has ended"))
def activate_due(day=None):
    """Daily: files whose 公示 ended become active. Idempotent (a file is activated once)."""
    n = services.activate_due(today=datetime.date.fromisoformat(day) if day else None)
    return _("%(n)s file(s) activated") % {"n": n}
