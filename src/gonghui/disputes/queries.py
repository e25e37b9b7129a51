"""Reads of dispute data: the counts by state for lists and the body page."""

from django.db.models import Count
from django.utils import timezone

from .models import Dispute


def figures(qs):
    rows = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    out = {state: rows.get(state, 0) for state in Dispute.State.values}
    out["mediation_over"] = qs.filter(state=Dispute.State.MEDIATING,
                                      mediation_due_on__lt=timezone.localdate()).count()
    out["total"] = sum(rows.values())
    return out
