from celery import shared_task


@shared_task(name="rules.recompute")
def recompute():
    """Count open deadlines again after the calendar or a rule value changed (idempotent)."""
    from .deadlines import recompute_all

    return recompute_all()
