import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Position


class PercentColumn(tables.Column):
    def render(self, value):
        return f"{value}%"


class PositionTable(ListTable):
    code = tables.Column(verbose_name=_("Position code"), linkify=("positions:detail", [tables.A("pk")]))
    name = tables.Column(verbose_name=_("Name"), linkify=("positions:detail", [tables.A("pk")]))
    kind = tables.Column(verbose_name=_("Kind"), accessor="kind__name", order_by="kind__sort")
    union = tables.Column(verbose_name=_("Owner union"), order_by="union__path")
    address = tables.Column(verbose_name=_("Address"))
    opening_hours = tables.Column(verbose_name=_("Opening hours"))
    completeness = PercentColumn(verbose_name=_("Facilities"))
    status = tables.Column(verbose_name=_("Status"))
    lat = tables.Column(verbose_name=_("Latitude"))
    lng = tables.Column(verbose_name=_("Longitude"))

    class Meta(ListTable.Meta):
        model = Position
        fields = ("code", "name", "kind", "union", "address", "opening_hours", "completeness", "status", "lat",
                  "lng")
        attrs = ListTable.Meta.attrs | {"data-testid": "position-table"}
