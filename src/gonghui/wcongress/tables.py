import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Disclosure, Proposal, WorkersCongress


class CongressTable(ListTable):
    name = tables.Column(verbose_name=_("Workers' congress"), linkify=("wcongress:detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    kind = tables.Column(verbose_name=_("Kind"))
    term_no = tables.Column(verbose_name=_("Term"))
    term_start = tables.DateColumn(verbose_name=_("Term starts on"))
    term_end = tables.DateColumn(verbose_name=_("Term ends on"))

    class Meta(ListTable.Meta):
        model = WorkersCongress
        fields = ("name", "union", "kind", "term_no", "term_start", "term_end")
        attrs = ListTable.Meta.attrs | {"data-testid": "congress-table"}


class ProposalTable(ListTable):
    number = tables.Column(verbose_name=_("Number"), linkify=("wcongress:proposal_detail", [tables.A("pk")]))
    title = tables.Column(verbose_name=_("Title"))
    congress = tables.Column(verbose_name=_("Workers' congress"), accessor="congress__name")
    proposer = tables.Column(verbose_name=_("Proposer"), accessor="proposer__member__name")
    state = tables.Column(verbose_name=_("State"))
    department = tables.Column(verbose_name=_("Handling department"), default="")
    due_on = tables.DateColumn(verbose_name=_("Reply due on"), default="")
    satisfaction = tables.Column(verbose_name=_("Satisfaction"), default="")
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted at"))

    class Meta(ListTable.Meta):
        model = Proposal
        fields = ("number", "title", "congress", "proposer", "state", "department", "due_on", "satisfaction",
                  "submitted_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "proposal-table"}

    def render_state(self, record, value):
        from django.utils.html import format_html

        if record.is_overdue:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', value, _("overdue"))
        return value


class DisclosureTable(ListTable):
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name", order_by="employer__name")
    item_name = tables.Column(verbose_name=_("Item"), linkify=("wcongress:disclosure_detail", [tables.A("pk")]))
    period = tables.Column(verbose_name=_("Period"))
    due_on = tables.DateColumn(verbose_name=_("To publish by"))
    published_on = tables.DateColumn(verbose_name=_("Published on"), default="")
    status = tables.Column(verbose_name=_("Status"), accessor="status_label", orderable=False)
    channel = tables.Column(verbose_name=_("Where published"), default="")

    class Meta(ListTable.Meta):
        model = Disclosure
        fields = ("employer", "item_name", "period", "due_on", "published_on", "status", "channel")
        attrs = ListTable.Meta.attrs | {"data-testid": "disclosure-table"}
