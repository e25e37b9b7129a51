import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Member


class MemberTable(ListTable):
    number = tables.Column(verbose_name=_("Member number"), linkify=("members:detail", [tables.A("pk")]))
    name = tables.Column(verbose_name=_("Full name"), order_by="name_pinyin")
    sex = tables.Column(verbose_name=_("Sex"))
    birth_date = tables.DateColumn(verbose_name=_("Date of birth"), format="Y-m")
    id_number = tables.Column(verbose_name=_("ID number"), orderable=False)
    phone = tables.Column(verbose_name=_("Mobile phone"), orderable=False)
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    status = tables.Column(verbose_name=_("Status"), accessor="get_status_display", orderable=False)
    joined_on = tables.DateColumn(verbose_name=_("Joined on"), format="Y-m-d")

    class Meta(ListTable.Meta):
        model = Member
        fields = ("number", "name", "sex", "birth_date", "id_number", "phone", "union", "status", "joined_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "member-table"}
        order_by = ("number",)
