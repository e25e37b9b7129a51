from celery import shared_task


@shared_task(name="campaigns.track_claim_expiry")
def track_claim_expiry():
    """Member deadlines for issued claim codes (idempotent; meant to run daily and after claiming)."""
    from .services import track_claim_expiry as track

    return track()
