"""The mall's demo step: a festival voucher campaign through the budgets app, spent in part, an
expired issue that returned its rest, a delivered directed purchase, refusals that left nothing."""

from django.db.models import F, Sum

from gonghui.budgets import caps
from gonghui.budgets.models import BudgetLine, Spending
from gonghui.core.models import AuditEntry
from gonghui.mall.models import Order, Product, Purchase, Voucher, VoucherIssue


def test_the_demo_mall_runs_a_festival_voucher_campaign_within_the_budget_and_the_caps(demo):
    assert Product.objects.filter(supplier__local=True).exists()
    assert not Product.objects.filter(form__in=["cash", "shopping_card", "cashable_voucher"]).exists()
    autumn = VoucherIssue.objects.get(festival="mid_autumn", state="issued")
    assert autumn.members_count >= 1
    assert Voucher.objects.filter(issue=autumn, member__user__username="member").exists()
    assert Purchase.objects.filter(voucher__issue=autumn).exists()
    # every voucher is an approved spending entry of its member, within the cap
    for v in Voucher.objects.filter(issue=autumn).select_related("spending", "member__union")[:30]:
        assert v.spending.state == "approved" and v.spending.origin == f"mall.voucherissue:{autumn.pk}"
        a = caps.allowance(v.member, "festival", v.spending.spent_on)
        assert a.cap_fen is None or a.used_fen <= a.cap_fen
    assert not BudgetLine.objects.filter(spent_fen__gt=F("amount_fen")).exists()
    for line in BudgetLine.objects.filter(budget__union=autumn.union):
        assert (line.spendings.filter(state="approved").aggregate(s=Sum("amount_fen"))["s"] or 0) == line.spent_fen
    spring = VoucherIssue.objects.get(festival="spring")
    assert spring.state == "expired" and spring.returned_fen > 0
    assert Spending.objects.filter(state="returned", origin=f"mall.voucherissue:{spring.pk}").exists()
    assert Order.objects.filter(state="delivered", invoices__isnull=False).exists()
    assert not Voucher.objects.filter(balance_fen__gt=F("value_fen")).exists()


def test_the_demo_refusals_are_in_the_summary(demo):
    entry = AuditEntry.objects.get(action="demo", object_repr__startswith="The mall's catalogue")
    refused = entry.changes["generated"]["refused"]
    assert len(refused) == 3
    assert "购物卡" in refused[0] or "shopping card" in refused[0]
    assert "不可转让" in refused[1]
    assert "超过上限" in refused[2] or "over the cap" in refused[2]
