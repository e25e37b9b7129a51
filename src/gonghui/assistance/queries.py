"""Scoped reads of the assistance app: what pages, the API and the year report ask for.

Every function takes the reading user and cuts to their scope through ``restrict``; the year
report sums these querysets (e.g. ``visits(user, year).filter(target="household")``)."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import AssistanceApplication, PaymentBatch, Programme, ProgrammeBudget, ProgrammeKind, Visit

State = AssistanceApplication.State
# Applications that were granted (approved, in 公示, in a batch, paid, or failed and re-issued).
GRANTED = (State.APPROVED, State.PUBLICITY, State.BATCHED, State.PAID, State.FAILED)


def programmes(user, year=None):
    qs = Programme.objects.restrict(user).select_related("owner")
    return qs.filter(year=year) if year else qs


def open_programmes_for(member, on=None):
    """Programmes a member could apply for today: open, run by a union at or above theirs."""
    from .services import _paths_up

    on = on or timezone.localdate()
    return (Programme.objects.filter(state=Programme.State.OPEN, opens_on__lte=on, closes_on__gte=on,
                                     owner__path__in=_paths_up(member.union))
            .exclude(kind=ProgrammeKind.CONDOLENCE)  # visits are recorded by the union, not applied for
            .select_related("owner").order_by("closes_on"))


def applications(user, year=None, kind=None, states=None):
    qs = AssistanceApplication.objects.restrict(user).select_related("programme", "member", "union")
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(programme__kind=kind)
    if states:
        qs = qs.filter(state__in=states)
    return qs


def granted(user, year=None, kind=None):
    """Applications granted in the user's scope: the year report's "students helped", "model
    workers helped" and the money behind them."""
    return applications(user, year, kind, GRANTED)


def paid(user, year=None, kind=None):
    return applications(user, year, kind, (State.PAID,))


def visits(user, year=None):
    qs = Visit.objects.restrict(user).select_related("programme", "union", "employer", "member")
    return qs.filter(visited_on__year=year) if year else qs


def batches(user):
    return PaymentBatch.objects.restrict(user).select_related("programme", "union", "created_by")


def budgets(user, programme):
    return ProgrammeBudget.objects.restrict(user).filter(programme=programme).select_related("union", "parent")


def figures(user, year):
    """The year's assistance figures in the user's scope (each a count or fen)."""
    v = visits(user, year).aggregate(
        households=Count("id", filter=Q(target=Visit.Target.HOUSEHOLD)),
        enterprises=Count("employer", filter=Q(target=Visit.Target.ENTERPRISE), distinct=True),
        money=Sum("amount_fen"))
    by_kind = {row["programme__kind"]: row for row in granted(user, year).values("programme__kind").annotate(
        people=Count("member", distinct=True), money=Sum("amount_fen"))}
    return {"visits": v, "by_kind": by_kind}


def my_applications(member):
    return (AssistanceApplication.objects.filter(member=member).select_related("programme", "union")
            .prefetch_related("lines").order_by("-created_at"))


def publicity_list(user, programme):
    """Applications of `programme` in 公示 within the user's scope (names masked by the page)."""
    return applications(user).filter(programme=programme, state=State.PUBLICITY).order_by("union__path", "id")
