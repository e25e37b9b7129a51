"""The funds' background task (see gonghui.core.queue): importing a bureau's statement."""

from celery import shared_task
from django.utils.translation import gettext_lazy


@shared_task(label=gettext_lazy("Import a contribution statement"))
def import_statement(pk):
    """Check the whole statement and write it in one transaction, or reject it. Idempotent: a
    statement already imported or rejected is left as it is; a run killed half-way wrote nothing."""
    from . import services

    return services.run_statement(pk)
