import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import AssistanceApplication, PaymentBatch, Programme, Visit


class YuanColumn(tables.Column):
    """Fen shown (and exported) as yuan."""

    def render(self, value):
        return yuan(value)

    def value(self, value):
        return yuan(value).replace(",", "")


class ProgrammeTable(ListTable):
    name = tables.Column(verbose_name=_("Name"), linkify=("assistance:programme_detail", [tables.A("pk")]))
    kind = tables.Column(verbose_name=_("Kind"))
    owner = tables.Column(verbose_name=_("Run by"), order_by="owner__path")
    year = tables.Column(verbose_name=_("Year"))
    period = tables.Column(verbose_name=_("Period"))
    opens_on = tables.DateColumn(verbose_name=_("Opens on"))
    closes_on = tables.DateColumn(verbose_name=_("Closes on"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Programme
        fields = ("name", "kind", "owner", "year", "period", "opens_on", "closes_on", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "programme-table"}


class ApplicationTable(ListTable):
    created_at = tables.DateTimeColumn(verbose_name=_("Applied at"))
    member = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name",
                           linkify=("assistance:application_detail", [tables.A("pk")]))
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number", orderable=False)
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    programme = tables.Column(verbose_name=_("Programme"), order_by="programme__name")
    school_level = tables.Column(verbose_name=_("School level"))
    with_hardship_file = tables.BooleanColumn(verbose_name=_("Hardship file"))
    amount_fen = YuanColumn(verbose_name=_("Amount (yuan)"))
    state = tables.Column(verbose_name=_("State"))
    over_yearly_cap = tables.BooleanColumn(verbose_name=_("Above the yearly cap"))

    class Meta(ListTable.Meta):
        model = AssistanceApplication
        fields = ("created_at", "member", "number", "union", "programme", "school_level", "with_hardship_file",
                  "amount_fen", "state", "over_yearly_cap")
        attrs = ListTable.Meta.attrs | {"data-testid": "application-table"}


class BatchTable(ListTable):
    number = tables.Column(verbose_name=_("Batch number"), linkify=("assistance:batch_detail", [tables.A("pk")]))
    programme = tables.Column(verbose_name=_("Programme"), order_by="programme__name")
    union = tables.Column(verbose_name=_("Paying union"), order_by="union__path")
    line_count = tables.Column(verbose_name=_("Lines"))
    total_fen = YuanColumn(verbose_name=_("Total (yuan)"))
    state = tables.Column(verbose_name=_("State"))
    reissue_of = tables.Column(verbose_name=_("Re-issue of"))
    created_at = tables.DateTimeColumn(verbose_name=_("Created at"))

    class Meta(ListTable.Meta):
        model = PaymentBatch
        fields = ("number", "programme", "union", "line_count", "total_fen", "state", "reissue_of", "created_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "batch-table"}


class VisitTable(ListTable):
    visited_on = tables.DateColumn(verbose_name=_("Date"),
                                   linkify=("assistance:visit_detail", [tables.A("pk")]))
    target = tables.Column(verbose_name=_("Visited"))
    visited_name = tables.Column(verbose_name=_("Enterprise or household"))
    union = tables.Column(verbose_name=_("Visiting union"), order_by="union__path")
    programme = tables.Column(verbose_name=_("Programme"), order_by="programme__name")
    amount_fen = YuanColumn(verbose_name=_("Money given (yuan)"))
    goods = tables.Column(verbose_name=_("Goods"))
    participants = tables.Column(verbose_name=_("Participants"))

    class Meta(ListTable.Meta):
        model = Visit
        fields = ("visited_on", "target", "visited_name", "union", "programme", "amount_fen", "goods", "participants")
        attrs = ListTable.Meta.attrs | {"data-testid": "visit-table"}
