import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.tables import YuanColumn
from gonghui.core.tables import ListTable

from .models import Budget, FundAudit, Spending


class BudgetTable(ListTable):
    union = tables.Column(verbose_name=_("Union"), linkify=("budgets:detail", [tables.A("pk")]), order_by="union__path")
    year = tables.Column(verbose_name=_("Year"))
    state = tables.Column(verbose_name=_("State"))
    total = YuanColumn(verbose_name=_("Budget (元)"), accessor="total_fen", orderable=False)
    spent = YuanColumn(verbose_name=_("Spent (元)"), accessor="spent_fen", orderable=False)
    sent_to_congress_on = tables.DateColumn(verbose_name=_("Final accounts to the congress"), default="")

    class Meta(ListTable.Meta):
        model = Budget
        fields = ("union", "year", "state", "total", "spent", "sent_to_congress_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "budget-table"}


class SpendingTable(ListTable):
    spent_on = tables.DateColumn(verbose_name=_("Date"), linkify=("budgets:spending_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    category = tables.Column(verbose_name=_("Category"), accessor="line__category")
    purpose = tables.Column(verbose_name=_("Purpose"))
    member = tables.Column(verbose_name=_("Member"), accessor="member__name", default="")
    benefit = tables.Column(verbose_name=_("Benefit"), default="")
    amount = YuanColumn(verbose_name=_("Amount (元)"), accessor="amount_fen", order_by="amount_fen")
    state = tables.Column(verbose_name=_("State"))
    approved_by = tables.Column(verbose_name=_("Approved by"), accessor="approved_by__full_name", default="")

    class Meta(ListTable.Meta):
        model = Spending
        fields = ("spent_on", "union", "category", "purpose", "member", "benefit", "amount", "state", "approved_by")
        attrs = ListTable.Meta.attrs | {"data-testid": "spending-table"}

    def render_category(self, record):
        return record.line.get_category_display()


class AuditTable(ListTable):
    union = tables.Column(verbose_name=_("Audited union"), linkify=("budgets:audit_detail", [tables.A("pk")]),
                          order_by="union__path")
    year = tables.Column(verbose_name=_("Year"))
    kind = tables.Column(verbose_name=_("Kind"))
    subject = tables.Column(verbose_name=_("Subject"), default="")
    state = tables.Column(verbose_name=_("State"))
    started_on = tables.DateColumn(verbose_name=_("Started on"))
    reported_on = tables.DateColumn(verbose_name=_("Report issued on"), default="")

    class Meta(ListTable.Meta):
        model = FundAudit
        fields = ("union", "year", "kind", "subject", "state", "started_on", "reported_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "audit-table"}
