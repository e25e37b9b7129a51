"""Scoped reads of the mall: the catalogue a union (or a member's union) may buy from, a member's
own vouchers and purchases, and an issue's figures."""

from django.db.models import Count, Sum

from gonghui.core.access import ancestor_paths

from .models import Product, Purchase, Voucher


def catalogue_for(union):
    """Products on sale to `union`: listed by the union itself or a federation above it."""
    return (Product.objects.filter(active=True, supplier__active=True,
                                   supplier__union__path__in=ancestor_paths(union.path) + [union.path])
            .select_related("supplier").order_by("-supplier__local", "supplier__name", "name"))


def my_vouchers(member):
    """A member's own vouchers, newest first (pending and void ones are not shown)."""
    return (Voucher.objects.filter(member=member, state__in=[Voucher.State.ACTIVE, Voucher.State.EXPIRED])
            .select_related("issue__union").order_by("-expires_on", "-id"))


def my_purchases(member):
    return Purchase.objects.filter(voucher__member=member).select_related("product", "voucher__issue")


def issue_figures(issue):
    """Vouchers, value issued, spent, left and returned of one issue (integer fen)."""
    agg = issue.vouchers.aggregate(n=Count("id"), value=Sum("value_fen"), left=Sum("balance_fen"),
                                   back=Sum("returned_fen"))
    value, left, back = agg["value"] or 0, agg["left"] or 0, agg["back"] or 0
    spent = Purchase.objects.filter(voucher__issue=issue).aggregate(s=Sum("amount_fen"))["s"] or 0
    return {"vouchers": agg["n"], "value_fen": value, "spent_fen": spent, "left_fen": left, "returned_fen": back}
