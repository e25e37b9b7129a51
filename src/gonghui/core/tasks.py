"""Core's background tasks (see gonghui.core.queue), scheduled in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task
from django.utils.translation import gettext_lazy

from . import audit


@shared_task(label=gettext_lazy("Remove audit entries past the retention period"))
def audit_purge(dry_run=False):
    """Weekly: the audit trail keeps settings.AUDIT_RETENTION_DAYS. Idempotent. Returns what it
    did, as a sentence (the run's summary and the command's output)."""
    result = audit.purge(dry_run=dry_run)
    cutoff = result["cutoff"][:10]
    if not result["removed"]:
        return "nothing older than the retention period"
    if dry_run:
        return f"{result['removed']} entries older than {cutoff} would be removed"
    return f"removed {result['removed']} entries older than {cutoff}"


@shared_task(label=gettext_lazy("Anchor the audit chain's head outside the database"))
def anchor_audit():
    """Every 15 minutes: the head written outside the database, so a cut tail is found (see
    audit.anchor). Idempotent: an unchanged head is not written twice."""
    rec = audit.anchor()
    return {"last_id": rec["last_id"], "count": rec["count"]}

