import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import Contribution, LedgerEntry, MemberDues, Pairing, Refund, Statement


class FenColumn(tables.Column):
    """Integer fen shown as yuan; the export keeps yuan with two decimals."""

    def render(self, value):
        return yuan(value)

    def value(self, value):
        return yuan(value)


class StatementTable(ListTable):
    file_name = tables.Column(verbose_name=_("File"), linkify=("funds:statement_detail", [tables.A("pk")]))
    month = tables.DateColumn(verbose_name=_("Month"), format="Y-m")
    channel = tables.Column(verbose_name=_("Collected by"))
    state = tables.Column(verbose_name=_("State"))
    rows = tables.Column(verbose_name=_("Rows"))
    paid_total_fen = FenColumn(verbose_name=_("Paid (yuan)"))
    created_at = tables.DateTimeColumn(verbose_name=_("Uploaded at"))

    class Meta(ListTable.Meta):
        model = Statement
        fields = ("file_name", "month", "channel", "state", "rows", "paid_total_fen", "created_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "statement-table"}


class ContributionTable(ListTable):
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name",
                             linkify=("funds:contribution_detail", [tables.A("pk")]))
    month = tables.DateColumn(verbose_name=_("Month"), format="Y-m")
    kind = tables.Column(verbose_name=_("Kind"))
    channel = tables.Column(verbose_name=_("Collected by"))
    wage_bill_fen = FenColumn(verbose_name=_("Wage bill (yuan)"))
    due_fen = FenColumn(verbose_name=_("Due (yuan)"))
    paid_fen = FenColumn(verbose_name=_("Paid (yuan)"))
    due_on = tables.DateColumn(verbose_name=_("Due on"))
    received_on = tables.DateColumn(verbose_name=_("Arrived on"), default="")
    late_days = tables.Column(verbose_name=_("Days late"))
    late_fee_fen = FenColumn(verbose_name=_("Late fee (yuan)"))

    class Meta(ListTable.Meta):
        model = Contribution
        fields = ("employer", "month", "kind", "channel", "wage_bill_fen", "due_fen", "paid_fen", "due_on",
                  "received_on", "late_days", "late_fee_fen")
        attrs = ListTable.Meta.attrs | {"data-testid": "contribution-table"}


class LedgerTable(ListTable):
    month = tables.DateColumn(verbose_name=_("Month"), format="Y-m")
    union = tables.Column(verbose_name=_("Union credited"), accessor="union__name", order_by="union__path")
    level = tables.Column(verbose_name=_("Level"))
    kind = tables.Column(verbose_name=_("Kind"))
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name")
    amount_fen = FenColumn(verbose_name=_("Amount (yuan)"))
    contribution = tables.Column(verbose_name=_("Receipt"), accessor="contribution_id", default="",
                                 linkify=lambda record: f"/funds/contributions/{record.contribution_id}/"
                                 if record.contribution_id else None)

    class Meta(ListTable.Meta):
        model = LedgerEntry
        fields = ("month", "union", "level", "kind", "employer", "amount_fen", "contribution")
        attrs = ListTable.Meta.attrs | {"data-testid": "ledger-table"}


class DuesTable(ListTable):
    member = tables.Column(verbose_name=_("Member"), accessor="member__name")
    union = tables.Column(verbose_name=_("Union"), accessor="union__name", order_by="union__path")
    month = tables.DateColumn(verbose_name=_("Month"), format="Y-m")
    wage_fen = FenColumn(verbose_name=_("Wage base (yuan)"))
    dues_fen = FenColumn(verbose_name=_("Dues (yuan)"))
    paid_on = tables.DateColumn(verbose_name=_("Paid on"), default="")

    class Meta(ListTable.Meta):
        model = MemberDues
        fields = ("member", "union", "month", "wage_fen", "dues_fen", "paid_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "dues-table"}


class RefundTable(ListTable):
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name",
                             linkify=("funds:refund_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("County federation"), accessor="union__name", order_by="union__path")
    year = tables.Column(verbose_name=_("Year"))
    staff = tables.Column(verbose_name=_("Staff"))
    paid_fen = FenColumn(verbose_name=_("Paid in the year (yuan)"))
    refund_fen = FenColumn(verbose_name=_("Refund (yuan)"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Refund
        fields = ("employer", "union", "year", "staff", "paid_fen", "refund_fen", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "refund-table"}


class PairingTable(ListTable):
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name",
                             linkify=("funds:pairing_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("County federation"), accessor="union__name", order_by="union__path")
    staff = tables.Column(verbose_name=_("Paired staff"), accessor="staff__full_name")
    since = tables.DateColumn(verbose_name=_("Paired since"))

    class Meta(ListTable.Meta):
        model = Pairing
        fields = ("employer", "union", "staff", "since")
        attrs = ListTable.Meta.attrs | {"data-testid": "pairing-table"}
