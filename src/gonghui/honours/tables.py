import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Honour, Nomination, SelectionRound


class HonourTable(ListTable):
    holder = tables.Column(verbose_name=_("Holder"), accessor="holder_name", orderable=False,
                           linkify=("honours:detail", [tables.A("pk")]))
    holder_kind = tables.Column(verbose_name=_("Holder"), accessor="holder_kind", orderable=False)
    title = tables.Column(verbose_name=_("Title"))
    level = tables.Column(verbose_name=_("Level"))
    year = tables.Column(verbose_name=_("Year"))
    conferring_body = tables.Column(verbose_name=_("Conferring body"))
    certificate_no = tables.Column(verbose_name=_("Certificate number"), default="")
    registered_with = tables.Column(verbose_name=_("Registered with"), accessor="registered_with__name",
                                    order_by="registered_with__path")
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Honour
        fields = ("holder", "holder_kind", "title", "level", "year", "conferring_body", "certificate_no",
                  "registered_with", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "honour-table"}

    def render_holder_kind(self, record):
        return record.HolderKind(record.holder_kind).label

    def value_holder_kind(self, record):
        return str(record.HolderKind(record.holder_kind).label)


class RoundTable(ListTable):
    name = tables.Column(verbose_name=_("Selection round"), linkify=("honours:round_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Organising union"), accessor="union__name", order_by="union__path")
    year = tables.Column(verbose_name=_("Year"))
    title = tables.Column(verbose_name=_("Title"))
    level = tables.Column(verbose_name=_("Level"))
    nominate_until = tables.DateColumn(verbose_name=_("Nominations close on"))
    state = tables.Column(verbose_name=_("State"))
    publicity_until = tables.DateColumn(verbose_name=_("Publicity until"), default="")

    class Meta(ListTable.Meta):
        model = SelectionRound
        fields = ("name", "union", "year", "title", "level", "nominate_until", "state", "publicity_until")
        attrs = ListTable.Meta.attrs | {"data-testid": "round-table"}


class NominationTable(ListTable):
    nominee = tables.Column(verbose_name=_("Nominee"), accessor="nominee_name", orderable=False,
                            linkify=("honours:nomination_detail", [tables.A("pk")]))
    round = tables.Column(verbose_name=_("Selection round"), accessor="round__name")
    nominated_by = tables.Column(verbose_name=_("Nominating union"), accessor="nominated_by__name",
                                 order_by="nominated_by__path")
    sector = tables.Column(verbose_name=_("Sector"))
    state = tables.Column(verbose_name=_("State"))
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted at"))

    class Meta(ListTable.Meta):
        model = Nomination
        fields = ("nominee", "round", "nominated_by", "sector", "state", "submitted_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "nomination-table"}


class VisitTable(ListTable):
    member = tables.Column(verbose_name=_("Model worker"), accessor="member__name")
    level = tables.Column(verbose_name=_("Level"))
    union = tables.Column(verbose_name=_("Visiting union"), accessor="union__name", order_by="union__path")
    visited_on = tables.DateColumn(verbose_name=_("Visited on"))
    amount_fen = tables.Column(verbose_name=_("Condolence money (yuan)"))
    note = tables.Column(verbose_name=_("Note"), default="")

    class Meta(ListTable.Meta):
        from .models import ModelWorkerVisit

        model = ModelWorkerVisit
        fields = ("member", "level", "union", "visited_on", "amount_fen", "note")
        attrs = ListTable.Meta.attrs | {"data-testid": "visit-table"}

    def render_amount_fen(self, value):
        from gonghui.core.money import yuan

        return yuan(value)

    def value_amount_fen(self, value):
        from gonghui.core.money import yuan_decimal

        return yuan_decimal(value)
