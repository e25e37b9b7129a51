"""The warning scorer's periodic run (see settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.utils.translation import gettext_lazy


@shared_task(label=gettext_lazy("Assess labour-relations warnings"))
def assess_warnings():
    """Score every employer with signals; counties are told of each level that rose (idempotent per day)."""
    from .warning import assess_all

    return len(assess_all())
