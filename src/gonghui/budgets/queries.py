"""Scoped reads: the spending of the user's subtree by category and level, budget against
actual, and the figures of one budget's final accounts (决算)."""

from collections import defaultdict

from django.db.models import Count, Sum

from gonghui.orgs.choices import UnionKind

from .models import BudgetLine, Category, Spending


def spending_by_category_and_level(user, year):
    """[(level label, kind, {category: fen}, total)] of approved spending in `year` that `user`
    may read, with the column totals: one row per union level (市总, 县总, 乡镇, 基层 …)."""
    rows = (Spending.objects.restrict(user).filter(spent_on__year=year, state=Spending.State.APPROVED)
            .values("union__kind", "line__category").annotate(fen=Sum("amount_fen"), n=Count("id")))
    table = defaultdict(lambda: defaultdict(int))
    for r in rows:
        table[r["union__kind"]][r["line__category"]] += r["fen"]
    kinds = [k for k in UnionKind.values if k in table]
    out = [(UnionKind(k).label, k, dict(table[k]), sum(table[k].values())) for k in kinds]
    totals = {c: sum(table[k].get(c, 0) for k in kinds) for c in Category.values}
    return out, totals


def budget_against_actual(user, year):
    """Per union and category: budgeted, spent and the share spent, for `year`'s approved budgets."""
    lines = (BudgetLine.objects.restrict(user).filter(budget__year=year, budget__state="approved")
             .select_related("budget__union").order_by("budget__union__path", "category"))
    out = []
    for line in lines:
        share = round(100 * line.spent_fen / line.amount_fen) if line.amount_fen else 0
        out.append({"union": line.budget.union, "budget": line.budget, "category": line.get_category_display(),
                    "category_code": line.category, "amount_fen": line.amount_fen, "spent_fen": line.spent_fen,
                    "left_fen": line.left_fen, "share": share})
    return out


def final_accounts(budget):
    """The figures of a budget's final accounts: per line, budgeted (after adjustments), spent,
    left, and the approved adjustments; with the totals."""
    lines = list(budget.lines.all())
    adjusted = dict(BudgetLine.objects.filter(budget=budget, adjustments__state="approved")
                    .values_list("pk").annotate(s=Sum("adjustments__delta_fen")))
    rows = [{"category": line.get_category_display(), "original_fen": line.amount_fen - adjusted.get(line.pk, 0),
             "adjusted_fen": adjusted.get(line.pk, 0), "amount_fen": line.amount_fen, "spent_fen": line.spent_fen,
             "left_fen": line.left_fen} for line in lines]
    totals = {k: sum(r[k] for r in rows) for k in ("original_fen", "adjusted_fen", "amount_fen", "spent_fen",
                                                    "left_fen")}
    return rows, totals
