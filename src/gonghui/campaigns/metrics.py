"""What the benefit campaigns report to Prometheus (see core/metrics.py)."""

import datetime

from django.utils import timezone

from gonghui.core.metrics import gauge


@gauge("gonghui_claims_per_second", "Benefit claims issued per second, averaged over the last minute.")
def claims_per_second():
    from .models import Claim

    since = timezone.now() - datetime.timedelta(seconds=60)
    return Claim.objects.filter(issued_at__gte=since).count() / 60
