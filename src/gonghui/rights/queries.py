"""Reads of requests and legal aid: a worker's own requests, the supervisor's board (on-time
rate, closure rate, satisfaction, money recovered, by union and by topic) and overdue lists.
Every figure on the board comes with the list filter that opens its rows."""

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from .models import LegalAidCase, Request


def my_requests(member=None, phone_key=None):
    """A member's requests, or those made with a proven phone (workers without membership)."""
    if member is not None:
        q = Q(member=member)
        if member.phone_index:
            q |= Q(phone_index=member.phone_index)
        return Request.objects.filter(q).select_related("union").order_by("-received_on", "-id")
    if phone_key:
        return Request.objects.filter(phone_index=phone_key).select_related("union").order_by("-received_on", "-id")
    return Request.objects.none()


def overdue(qs, on=None):
    return qs.filter(state__in=Request.OPEN_STATES, due_on__lt=on or timezone.localdate())


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _aggregate(qs, by):
    """Counts per group of `by` (one row for the whole set when `by` is empty)."""
    today = timezone.localdate()
    figures = dict(
        total=Count("pk"),
        closed=Count("pk", filter=Q(state="closed")),
        on_time=Count("pk", filter=Q(state="closed", closed_on__lte=F("due_on"))),
        overdue=Count("pk", filter=Q(state__in=Request.OPEN_STATES, due_on__lt=today)),
        followed=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=["satisfied", "basic"])),
        money=Sum("money_recovered_fen"),
    )
    if by:
        rows = list(qs.order_by().values(*by).annotate(**figures))
    else:
        row = qs.order_by().aggregate(**figures)
        rows = [row] if row["total"] else []
    for r in rows:
        r["money"] = r["money"] or 0
        r["closure_rate"] = _pct(r["closed"], r["total"])
        r["on_time_rate"] = _pct(r["on_time"], r["closed"])
        r["satisfaction_rate"] = _pct(r["satisfied"], r["followed"])
    return rows


def board(qs):
    """The supervisor's figures: totals, and rows by handling union and by topic. Each row's
    counts open the list filtered the same way (see the template's links)."""
    total = _aggregate(qs, [])
    by_union = _aggregate(qs, ["union_id", "union__name", "union__path"])
    by_union.sort(key=lambda r: r["union__path"])
    topics = dict(Request.Topic.choices)
    by_topic = _aggregate(qs, ["topic"])
    for r in by_topic:
        r["label"] = topics.get(r["topic"], r["topic"])
    by_topic.sort(key=lambda r: -r["total"])
    return {"total": total[0] if total else None, "by_union": by_union, "by_topic": by_topic}


def legal_aid_figures(qs):
    rows = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    out = {state: rows.get(state, 0) for state in LegalAidCase.State.values}
    out["total"] = sum(rows.values())
    out["overdue"] = qs.filter(state="applied", decision_due_on__lt=timezone.localdate()).count()
    out["money"] = qs.aggregate(m=Sum("money_recovered_fen"))["m"] or 0
    return out
