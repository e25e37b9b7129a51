import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Employer, Region, Union


class UnionTable(ListTable):
    name = tables.Column(verbose_name=_("Name"), linkify=("orgs:union_detail", [tables.A("pk")]), order_by="path")
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    region = tables.Column(verbose_name=_("Division"), order_by="region_id")
    employer = tables.Column(verbose_name=_("Employer"), order_by="employer__name")
    chair_name = tables.Column(verbose_name=_("Chair"))
    founded_on = tables.DateColumn(verbose_name=_("Founded on"), format="Y-m-d")

    class Meta(ListTable.Meta):
        model = Union
        fields = ("name", "kind", "status", "region", "employer", "chair_name", "founded_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "union-table"}
        order_by = ("name",)


class EmployerTable(ListTable):
    name = tables.Column(verbose_name=_("Name"), linkify=("orgs:employer_detail", [tables.A("pk")]))
    uscc = tables.Column(verbose_name=_("Unified social credit code"))
    industry = tables.Column(verbose_name=_("Industry"), order_by="industry__code")
    ownership = tables.Column(verbose_name=_("Ownership type"), order_by="ownership__code")
    headcount = tables.Column(verbose_name=_("Headcount"))
    region = tables.Column(verbose_name=_("Division"), order_by="region_id")
    has_union = tables.BooleanColumn(verbose_name=_("Has a union"), yesno="✔,✘")
    status = tables.Column(verbose_name=_("Status"))

    class Meta(ListTable.Meta):
        model = Employer
        fields = ("name", "uscc", "industry", "ownership", "headcount", "region", "has_union", "status")


class RegionTable(ListTable):
    code = tables.Column(verbose_name=_("Division code"), linkify=("orgs:region_detail", [tables.A("pk")]))
    name = tables.Column(verbose_name=_("Name"))
    level = tables.Column(verbose_name=_("Level"), accessor="level_name", order_by="level")
    parent = tables.Column(verbose_name=_("Parent division"), order_by="parent_id")

    class Meta(ListTable.Meta):
        model = Region
        fields = ("code", "name", "level", "parent")
