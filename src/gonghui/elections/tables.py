import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from . import queries
from .models import Election, OfficeHolder, Term

STATUS_LABELS = dict(queries.STATUSES)


class TermTable(ListTable):
    union = tables.Column(verbose_name=_("Union"), linkify=("elections:term_detail", [tables.A("pk")]),
                          order_by="union__path")
    number = tables.Column(verbose_name=_("Term"))
    elected_on = tables.DateColumn(verbose_name=_("Elected on"))
    years = tables.Column(verbose_name=_("Years"))
    ends_on = tables.DateColumn(verbose_name=_("Term ends on"))
    due_date = tables.DateColumn(verbose_name=_("Re-election due"))
    status = tables.Column(verbose_name=_("Re-election"))

    class Meta(ListTable.Meta):
        model = Term
        fields = ("union", "number", "elected_on", "years", "ends_on", "due_date", "status")
        order_by = ("due_date",)
        attrs = ListTable.Meta.attrs | {"data-testid": "term-table"}

    def render_status(self, value):
        return STATUS_LABELS.get(value, value)

    def value_status(self, value):
        return str(STATUS_LABELS.get(value, value))


class HolderTable(ListTable):
    union = tables.Column(verbose_name=_("Union"), linkify=("orgs:union_detail", [tables.A("union_id")]),
                          order_by="union__path")
    office = tables.Column(verbose_name=_("Office"))
    name = tables.Column(verbose_name=_("Name"))
    appointment = tables.Column(verbose_name=_("Way of appointment"))
    from_on = tables.DateColumn(verbose_name=_("From"))
    to_on = tables.DateColumn(verbose_name=_("To"))
    end_reason = tables.Column(verbose_name=_("Reason it ended"))

    class Meta(ListTable.Meta):
        model = OfficeHolder
        fields = ("union", "office", "name", "appointment", "from_on", "to_on", "end_reason")
        attrs = ListTable.Meta.attrs | {"data-testid": "holder-table"}


class ElectionTable(ListTable):
    title = tables.Column(verbose_name=_("Title"), linkify=("elections:election_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    held_on = tables.DateColumn(verbose_name=_("Held on"))
    meeting = tables.Column(verbose_name=_("Meeting"))
    entitled = tables.Column(verbose_name=_("Entitled to attend (应到会)"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Election
        fields = ("title", "union", "held_on", "meeting", "entitled", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "election-table"}
