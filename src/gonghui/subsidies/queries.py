"""Scoped reads: a plan's progress (the one place it is counted) and the subsidy totals.

A plan's progress is the number of positions of its kind in its union's subtree that are open
and were opened within the plan's years (``opened_on``; a position registered without an
opening date counts by the day it was registered, ``created_at``). Nothing is stored, so a
position registered, closed or moved shows at once.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from gonghui.core.access import subtree_q
from gonghui.positions.models import Position, PositionStatus

from .models import AwardSubsidy, PositionPlan


def _built_year():
    """The year a position counts for: its opening year, else the year it was registered."""
    return Coalesce(ExtractYear("opened_on"), ExtractYear("created_at"))


def _counted(kind, first, last):
    """Open positions of `kind` built from `first` to `last` (values or OuterRef expressions)."""
    return (Position.objects.filter(kind=kind, status=PositionStatus.OPEN)
            .annotate(built_year=_built_year()).filter(built_year__gte=first, built_year__lte=last))


def counted_positions(plan):
    """The positions a plan's progress counts, each with its `built_year`."""
    return _counted(plan.kind_id, plan.start_year, plan.end_year).filter(subtree_q("union__path", plan.union.path))


def with_progress(plans):
    """The plans annotated with `done` (the same count as ``counted_positions``, in one query)."""
    inner = (_counted(OuterRef("kind_id"), OuterRef("start_year"), OuterRef("end_year"))
             .filter(union__path__startswith=OuterRef("union__path"))
             .order_by().values("kind_id").annotate(n=Count("pk")).values("n"))
    return plans.annotate(done=Coalesce(Subquery(inner, output_field=IntegerField()), Value(0)))


@dataclass
class Progress:
    plan: PositionPlan
    done: int
    by_year: list = field(default_factory=list)  # [(year, built that year, built up to then)]

    @property
    def percent(self):
        return min(100, round(100 * self.done / self.plan.target)) if self.plan.target else 0

    @property
    def left(self):
        return max(0, self.plan.target - self.done)


def plan_progress(plan):
    """The plan's progress with its count per year of the period (years without a position too)."""
    per_year = dict(counted_positions(plan).order_by().values("built_year").annotate(n=Count("pk"))
                    .values_list("built_year", "n"))
    rows, running = [], 0
    for year in range(plan.start_year, plan.end_year + 1):
        running += per_year.get(year, 0)
        rows.append((year, per_year.get(year, 0), running))
    return Progress(plan, running, rows)


# --- subsidies ---------------------------------------------------------------------------------

AWARDED = (AwardSubsidy.State.APPROVED, AwardSubsidy.State.PAID)


def totals_by_year(qs):
    """[{year, applications, awarded (count), awarded_fen, paid (count), paid_fen}] newest first."""
    paid = AwardSubsidy.State.PAID
    return list(qs.order_by().values("year").annotate(
        applications=Count("pk"),
        awarded=Count("pk", filter=Q(state__in=AWARDED)),
        awarded_fen=Coalesce(Sum("approved_fen", filter=Q(state__in=AWARDED)), 0),
        paid=Count("pk", filter=Q(state=paid)),
        paid_fen=Coalesce(Sum("approved_fen", filter=Q(state=paid)), 0),
    ).order_by("-year"))


def totals_by_child(qs, union, year):
    """One row per union directly under `union` (and `union` itself for its own applications),
    each summing its subtree's subsidies of `year`."""
    from gonghui.orgs.models import Union

    rows = []
    own = qs.filter(year=year, union=union)
    children = list(Union.objects.filter(path__startswith=union.path, depth=union.depth + 1).order_by("path"))
    for u, part in [(union, own)] + [(c, qs.filter(subtree_q("union__path", c.path), year=year)) for c in children]:
        t = part.aggregate(applications=Count("pk"), awarded=Count("pk", filter=Q(state__in=AWARDED)),
                           awarded_fen=Coalesce(Sum("approved_fen", filter=Q(state__in=AWARDED)), 0),
                           paid_fen=Coalesce(Sum("approved_fen", filter=Q(state=AwardSubsidy.State.PAID)), 0))
        if t["applications"] or u != union:
            rows.append({"union": u, "own": u == union, **t})
    return rows


def programme_figures(programme):
    """What a programme has: applications by state and the amounts approved and paid."""
    qs = programme.subsidies.order_by()
    by_state = dict(qs.values("state").annotate(n=Count("pk")).values_list("state", "n"))
    money = qs.aggregate(awarded_fen=Coalesce(Sum("approved_fen", filter=Q(state__in=AWARDED)), 0),
                         paid_fen=Coalesce(Sum("approved_fen", filter=Q(state=AwardSubsidy.State.PAID)), 0))
    return {"by_state": by_state, **money}

