"""Scoped reads of the funds: income by level for the user's subtree, figures per county."""

from django.db.models import Count, Sum
from django.utils import timezone

from .models import LedgerEntry, Level, Refund


def income(user, year):
    """Rows (union id, union name, level, fen) of the ledger in `user`'s scope for `year`, and
    the totals per level: each figure is a sum of rows the ledger list shows."""
    entries = LedgerEntry.objects.restrict(user).filter(month__year=year)
    rows = list(entries.values("union_id", "union__name", "union__path", "level")
                .annotate(total=Sum("amount_fen")).order_by("union__path", "level"))
    by_level = {lv: 0 for lv in Level.values}
    for r in rows:
        by_level[r["level"]] += r["total"]
    return rows, by_level


def latest_year(user):
    """The latest year with ledger rows in `user`'s scope (this year when there are none): the
    overview opens on figures, not on an empty January."""
    last = LedgerEntry.objects.restrict(user).order_by("-month").values_list("month", flat=True).first()
    return last.year if last else timezone.localdate().year


def refund_figures(user, year):
    """Per county federation: refunds listed, approved or paid, with their sums."""
    qs = Refund.objects.restrict(user).filter(year=year)
    return list(qs.values("union_id", "union__name").annotate(n=Count("id"), fen=Sum("refund_fen"))
                .order_by("union__name"))
