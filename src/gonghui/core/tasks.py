"""Core's background tasks (see gonghui.core.queue)."""

from celery import shared_task
from django.utils.translation import gettext_lazy

from . import audit


@shared_task(label=gettext_lazy("Remove audit entries past the retention period"))
def audit_purge(dry_run=False):
    """Weekly: the audit trail keeps settings.AUDIT_RETENTION_DAYS. Idempotent."""
    return audit.purge(dry_run=dry_run)
