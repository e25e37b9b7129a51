"""The rights app's periodic task (see gonghui.core.queue and settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.utils.translation import gettext_lazy


@shared_task(label=gettext_lazy("Escalate overdue workers' requests"))
def escalate_overdue():
    """Each open request past its deadline goes up to the union above, with notices (12351)."""
    from .services import escalate_overdue as run

    return run()
