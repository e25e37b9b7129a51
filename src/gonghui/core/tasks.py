"""Periodic work of the core app (scheduled by CELERY_BEAT_SCHEDULE in settings)."""

from celery import shared_task

from . import audit


@shared_task(name="gonghui.core.tasks.anchor_audit")
def anchor_audit():
    """Anchor the audit chain's head outside the database (see audit.anchor)."""
    rec = audit.anchor()
    return {"last_id": rec["last_id"], "count": rec["count"]}
