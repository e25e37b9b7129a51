import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable
from gonghui.orgs.models import Employer

from .models import CollectiveContract


class ContractTable(ListTable):
    title = tables.Column(verbose_name=_("Collective contract"), linkify=("contracts:detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    kind = tables.Column(verbose_name=_("Kind"))
    coverage = tables.Column(verbose_name=_("Coverage"))
    state = tables.Column(verbose_name=_("State"))
    requested_on = tables.DateColumn(verbose_name=_("Requested on"))
    term_start = tables.DateColumn(verbose_name=_("Term starts on"), default="")
    term_end = tables.DateColumn(verbose_name=_("Term ends on"), default="")
    wage_increase_pct = tables.Column(verbose_name=_("Wage increase (%)"), default="")

    class Meta(ListTable.Meta):
        model = CollectiveContract
        fields = ("title", "union", "kind", "coverage", "state", "requested_on", "term_start", "term_end",
                  "wage_increase_pct")
        attrs = ListTable.Meta.attrs | {"data-testid": "contract-table"}

    def render_state(self, record, value):
        if record.is_lapsed:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("expired"))
        if record.reply_late and record.replied_on is None:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', value, _("answer overdue"))
        return value

    def value_state(self, record, value):
        return str(record.status_label)


class CoverageEmployerTable(ListTable):
    name = tables.Column(verbose_name=_("Employer"), linkify=("orgs:employer_detail", [tables.A("pk")]))
    region = tables.Column(verbose_name=_("Division"), accessor="region__name", order_by="region__code")
    industry = tables.Column(verbose_name=_("Industry"), accessor="industry__name", default="")
    headcount = tables.Column(verbose_name=_("Headcount"))
    covered = tables.BooleanColumn(verbose_name=_("Contract in force"), orderable=False)

    class Meta(ListTable.Meta):
        model = Employer
        fields = ("name", "region", "industry", "headcount", "covered")
        attrs = ListTable.Meta.attrs | {"data-testid": "coverage-employer-table"}
