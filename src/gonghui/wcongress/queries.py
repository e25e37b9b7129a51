"""Reads of 职代会 data: what a member sees (their proposals, their employer's disclosures),
overdue lists, and the figures on the congress page."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Delegate, Disclosure, Proposal
from .services import employer_of


def my_delegations(member):
    """The serving delegations of a member (they may submit proposals to those congresses)."""
    return Delegate.objects.filter(member=member, active=True).select_related("congress", "congress__union")


def my_proposals(member):
    """Proposals the member proposed or co-sponsored."""
    return (Proposal.objects.filter(Q(proposer__member=member) | Q(cosponsors__member=member)).distinct()
            .select_related("congress", "proposer__member").order_by("-submitted_at", "-id"))


def my_disclosures(member):
    """The 厂务公开 items of the member's employer: what was published, and what is overdue."""
    employer = employer_of(member)
    if employer is None:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(employer=employer).order_by("-due_on", "item")


def overdue_proposals(qs, on=None):
    return qs.filter(state=Proposal.State.ASSIGNED, due_on__lt=on or timezone.localdate())


def overdue_disclosures(qs, on=None):
    return qs.filter(published_on__isnull=True, due_on__lt=on or timezone.localdate())


def proposal_figures(qs):
    """Counts by state, plus overdue and recommended, for the congress page and the list header."""
    rows = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    out = {state: rows.get(state, 0) for state in Proposal.State.values}
    out["overdue"] = overdue_proposals(qs).count()
    out["recommended"] = qs.filter(recommended_at__isnull=False).count()
    out["total"] = sum(rows.values())
    return out
