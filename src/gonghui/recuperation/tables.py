import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import Base, Batch, Offer


class BaseTable(ListTable):
    name = tables.Column(verbose_name=_("Base"), linkify=("recuperation:base_detail", [tables.A("pk")]))
    city = tables.Column(verbose_name=_("City"))
    is_partner = tables.BooleanColumn(verbose_name=_("A partner city's base"))
    partner = tables.Column(verbose_name=_("Partner union"), default="")
    union = tables.Column(verbose_name=_("Listed by"), order_by="union__path")
    beds = tables.Column(verbose_name=_("Beds"))

    class Meta(ListTable.Meta):
        model = Base
        fields = ("name", "city", "is_partner", "partner", "union", "beds")
        attrs = ListTable.Meta.attrs | {"data-testid": "base-table"}


class BatchTable(ListTable):
    name = tables.Column(verbose_name=_("Batch"), linkify=("recuperation:batch_detail", [tables.A("pk")]))
    base = tables.Column(verbose_name=_("Base"), accessor="base__name")
    city = tables.Column(verbose_name=_("City"), accessor="base__city")
    starts_on = tables.DateColumn(verbose_name=_("Starts on"))
    days = tables.Column(verbose_name=pgettext_lazy("recuperation", "Days"))
    capacity = tables.Column(verbose_name=_("Places"))
    cost_per_person_fen = tables.Column(verbose_name=_("Cost per person (yuan)"))
    state = tables.Column(verbose_name=_("State"))
    union = tables.Column(verbose_name=_("Run by"), order_by="union__path")

    class Meta(ListTable.Meta):
        model = Batch
        fields = ("name", "base", "city", "starts_on", "days", "capacity", "cost_per_person_fen", "state", "union")
        attrs = ListTable.Meta.attrs | {"data-testid": "batch-table"}

    def render_cost_per_person_fen(self, value):
        return yuan(value)


class OfferTable(ListTable):
    rank = tables.Column(verbose_name=_("Rank"), default="")
    member = tables.Column(verbose_name=_("Member"), accessor="member__name",
                           linkify=("recuperation:offer_detail", [tables.A("pk")]))
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    batch = tables.Column(verbose_name=_("Batch"), accessor="batch__name")
    honour_level = tables.Column(verbose_name=_("Honour level"), default="")
    is_frontline = tables.BooleanColumn(verbose_name=_("Front-line"))
    never_been = tables.BooleanColumn(verbose_name=_("Never been"))
    state = tables.Column(verbose_name=_("State"))
    respond_by = tables.DateTimeColumn(verbose_name=_("Answer by"), default="")

    class Meta(ListTable.Meta):
        model = Offer
        fields = ("rank", "member", "number", "batch", "honour_level", "is_frontline", "never_been", "state",
                  "respond_by")
        attrs = ListTable.Meta.attrs | {"data-testid": "offer-table"}

    def render_honour_level(self, value):
        from . import rules

        return rules.level_label(value)
