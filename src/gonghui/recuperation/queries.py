"""Reads of 疗休养: a member's offers, and the figures of a batch (places by state, the cost
against the budget) whose every number links to its rows."""

from django.db.models import Count

from .models import Offer


def my_offers(member):
    """The member's places on batches that have been allocated (a candidate is not told yet)."""
    return (Offer.objects.filter(member=member).exclude(state=Offer.State.CANDIDATE)
            .select_related("batch", "batch__base").order_by("-batch__starts_on", "-id"))


def batch_figures(batch):
    """Counts by state; committed cost (places held) and spent cost (attended) against the budget."""
    rows = dict(Offer.objects.filter(batch=batch).order_by().values_list("state").annotate(n=Count("pk")))
    out = {state: rows.get(state, 0) for state in Offer.State.values}
    holding = sum(out[s] for s in Offer.HOLDING)
    out["holding"] = holding
    out["total"] = sum(rows.values())
    out["committed_fen"] = holding * batch.cost_per_person_fen
    out["spent_fen"] = out[Offer.State.ATTENDED] * batch.cost_per_person_fen
    out["left_fen"] = batch.budget_fen - max(out["committed_fen"], out["spent_fen"])
    out["free"] = max(batch.capacity - holding, 0)
    return out
