import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable
from gonghui.orgs.models import Union

from .models import OrganisingTarget, PaperUnionCase


class TargetTable(ListTable):
    employer = tables.Column(verbose_name=_("Employer"), linkify=("coverage:target_detail", [tables.A("pk")]),
                             order_by="employer__name")
    headcount = tables.Column(verbose_name=_("Headcount"), accessor="employer__headcount")
    union = tables.Column(verbose_name=_("Responsible union"), order_by="union__path")
    owner = tables.Column(verbose_name=_("Owner"), order_by="owner__full_name")
    status = tables.Column(verbose_name=_("Status"))
    updated_at = tables.DateTimeColumn(verbose_name=_("Updated at"))

    class Meta(ListTable.Meta):
        model = OrganisingTarget
        fields = ("employer", "headcount", "union", "owner", "status", "updated_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "target-table"}


class CaseTable(ListTable):
    union = tables.Column(verbose_name=_("Union"), linkify=("coverage:case_detail", [tables.A("pk")]),
                          order_by="union__name")
    action = tables.Column(verbose_name=_("Action"))
    into = tables.Column(verbose_name=_("Merge into"), order_by="into__name")
    state = tables.Column(verbose_name=_("State"))
    proposed_by = tables.Column(verbose_name=_("Proposed by"), order_by="proposed_by__username")
    proposed_at = tables.DateTimeColumn(verbose_name=_("Proposed at"))
    members_moved = tables.Column(verbose_name=_("Members moved"))

    class Meta(ListTable.Meta):
        model = PaperUnionCase
        fields = ("union", "action", "into", "state", "proposed_by", "proposed_at", "members_moved")
        attrs = ListTable.Meta.attrs | {"data-testid": "case-table"}


class IndustryUnionTable(ListTable):
    name = tables.Column(verbose_name=_("Name"), linkify=("orgs:union_detail", [tables.A("pk")]), order_by="path")
    region = tables.Column(verbose_name=_("Division"), order_by="region_id")
    n_members = tables.Column(verbose_name=_("Members in good standing"))
    n_gig = tables.Column(verbose_name=_("Gig workers"))

    class Meta(ListTable.Meta):
        model = Union
        fields = ("name", "region", "n_members", "n_gig")
        order_by = ("name",)
