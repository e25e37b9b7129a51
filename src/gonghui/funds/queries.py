"""Scoped reads of the funds: income by level for the user's subtree, figures per county."""

from django.db.models import Count, Sum

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


def refund_figures(user, year):
    """Per county federation: refunds listed, approved or paid, with their sums."""
    qs = Refund.objects.restrict(user).filter(year=year)
    return list(qs.values("union_id", "union__name").annotate(n=Count("id"), fen=Sum("refund_fen"))
                .order_by("union__name"))
