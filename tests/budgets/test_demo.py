"""The budgets demo step: 40 unions' budgets within their lines, members' gifts within the caps,
refused attempts that left nothing, and a 经审 audit before the final accounts went to the congress."""


from django.db.models import F, Sum

from gonghui.budgets import caps
from gonghui.budgets.models import Budget, BudgetLine, Finding, FundAudit, Spending
from gonghui.core.models import AuditEntry
from gonghui.rules.models import Deadline


def test_the_demo_budgets_are_kept_within_their_lines_and_the_caps(demo):
    year = Budget.objects.order_by("-year").first().year
    assert Budget.objects.filter(year=year, state="approved").count() >= 3
    assert not BudgetLine.objects.filter(spent_fen__gt=F("amount_fen")).exists()
    for line in BudgetLine.objects.all()[:50]:
        spent = line.spendings.filter(state="approved").aggregate(s=Sum("amount_fen"))["s"] or 0
        assert spent == line.spent_fen
    gifts = Spending.objects.filter(benefit="festival").select_related("member__union")
    assert gifts.exists()
    assert not Spending.objects.filter(form__in=["cash", "shopping_card", "cashable_voucher"]).exists()
    for g in gifts[:20]:
        a = caps.allowance(g.member, "festival", g.spent_on)
        assert a.cap_fen is None or a.used_fen <= a.cap_fen
    assert not Spending.objects.filter(entered_by=F("approved_by")).exists()


def test_the_demo_refusals_are_recorded_in_the_summary_and_the_audit_is_reported(demo):
    entry = AuditEntry.objects.get(action="demo", object_repr__startswith="Budgets and spending of 40 unions")
    refused = entry.changes["generated"]["refused"]
    assert len(refused) == 3 and any("购物卡" in r or "shopping card" in r for r in refused)
    a = FundAudit.objects.get(kind="yearly")
    assert a.state == "reported" and Finding.objects.filter(audit=a).count() == 2
    assert Deadline.objects.filter(kind="audit_rectification", closed_at__isnull=True).count() == 1
    sent = Budget.objects.get(accounts_audit=a)
    assert sent.sent_to_congress_on >= a.reported_on
    assert FundAudit.objects.filter(kind="departure", state="open").exists()
