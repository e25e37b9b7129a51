import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import AwardSubsidy, PositionPlan, SubsidyProgramme


class YuanColumn(tables.Column):
    """Integer fen shown (and exported) as yuan with two decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return yuan(value)

    def value(self, value):
        return yuan(value)


class PlanTable(ListTable):
    union = tables.Column(verbose_name=_("Planning union"), order_by="union__path",
                          linkify=("subsidies:plan_detail", [tables.A("pk")]))
    kind = tables.Column(verbose_name=_("Kind of position"), order_by="kind__sort")
    start_year = tables.Column(verbose_name=_("First year"))
    end_year = tables.Column(verbose_name=_("Last year"))
    target = tables.Column(verbose_name=_("Target"), attrs={"td": {"class": "text-end"}})
    done = tables.Column(verbose_name=_("Built"), attrs={"td": {"class": "text-end"}},
                         linkify=("subsidies:plan_positions", [tables.A("pk")]))
    percent = tables.Column(verbose_name=_("Progress"), accessor="pk", orderable=False)

    class Meta(ListTable.Meta):
        model = PositionPlan
        fields = ("union", "kind", "start_year", "end_year", "target", "done", "percent")
        attrs = ListTable.Meta.attrs | {"data-testid": "plan-table"}

    @staticmethod
    def _percent(record):
        return min(100, round(100 * record.done / record.target)) if record.target else 0

    def render_percent(self, record):
        return f"{self._percent(record)}%"

    def value_percent(self, record):
        return self._percent(record)


class PositionTable(ListTable):
    code = tables.Column(verbose_name=_("Position code"))
    name = tables.Column(verbose_name=_("Name"))
    union = tables.Column(verbose_name=_("Owner union"), order_by="union__path")
    address = tables.Column(verbose_name=_("Address"))
    built_year = tables.Column(verbose_name=_("Year built"))
    opened_on = tables.DateColumn(verbose_name=_("Opened on"))

    class Meta(ListTable.Meta):
        attrs = ListTable.Meta.attrs | {"data-testid": "position-table"}


class ProgrammeTable(ListTable):
    year = tables.Column(verbose_name=_("Year"))
    name = tables.Column(verbose_name=_("Name"), linkify=("subsidies:programme_detail", [tables.A("pk")]))
    owner = tables.Column(verbose_name=_("Run by"), order_by="owner__path")
    budget_fen = YuanColumn(verbose_name=_("Budget (yuan)"))
    committed_fen = YuanColumn(verbose_name=_("Approved (yuan)"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = SubsidyProgramme
        fields = ("year", "name", "owner", "budget_fen", "committed_fen", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "programme-table"}


class SubsidyTable(ListTable):
    pk = tables.Column(verbose_name=_("No."), linkify=("subsidies:detail", [tables.A("pk")]))
    position = tables.Column(verbose_name=_("Service position"), accessor="position__name",
                             order_by="position__name")
    kind = tables.Column(verbose_name=_("Kind of position"), accessor="position__kind__name",
                         order_by="position__kind__sort")
    union = tables.Column(verbose_name=_("Applying union"), order_by="union__path")
    programme = tables.Column(verbose_name=_("Programme"), accessor="programme__name")
    year = tables.Column(verbose_name=_("Year"))
    requested_fen = YuanColumn(verbose_name=_("Requested (yuan)"))
    score = tables.Column(verbose_name=_("Score"))
    approved_fen = YuanColumn(verbose_name=_("Approved (yuan)"))
    state = tables.Column(verbose_name=_("State"))
    paid_on = tables.DateColumn(verbose_name=_("Paid on"))

    class Meta(ListTable.Meta):
        model = AwardSubsidy
        fields = ("pk", "position", "kind", "union", "programme", "year", "requested_fen", "score", "approved_fen",
                  "state", "paid_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "subsidy-table"}
