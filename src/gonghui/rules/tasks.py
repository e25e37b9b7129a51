"""The rulebook's background task (see gonghui.core.queue)."""

from celery import shared_task
from django.utils.translation import gettext_lazy


@shared_task(label=gettext_lazy("Count open deadlines again"))
def recompute():
    """Count open deadlines again after the calendar or a rule value changed (idempotent)."""
    from .deadlines import recompute_all

    return recompute_all()
