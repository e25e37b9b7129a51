import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Enrolment, Workshop


class EnrolmentTable(ListTable):
    person = tables.Column(verbose_name=_("Trainee"), linkify=("skills:enrolment_detail", [tables.A("pk")]))
    household = tables.Column(verbose_name=_("Household"))
    trade = tables.Column(verbose_name=_("Trade"))
    course = tables.Column(verbose_name=_("Course"))
    enrolled_on = tables.DateColumn(verbose_name=_("Enrolled on"))
    state = tables.Column(verbose_name=_("State"))
    level = tables.Column(verbose_name=_("Skill level gained"), default="")
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")

    class Meta(ListTable.Meta):
        model = Enrolment
        fields = ("person", "household", "trade", "course", "enrolled_on", "state", "level", "union")
        attrs = ListTable.Meta.attrs | {"data-testid": "enrolment-table"}


class WorkshopTable(ListTable):
    name = tables.Column(verbose_name=_("Rural workshop"), linkify=("skills:workshop_detail", [tables.A("pk")]))
    village = tables.Column(verbose_name=_("Village"))
    product = tables.Column(verbose_name=_("Product or work"))
    opened_on = tables.DateColumn(verbose_name=_("Opened on"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")

    class Meta(ListTable.Meta):
        model = Workshop
        fields = ("name", "village", "product", "opened_on", "union")
        attrs = ListTable.Meta.attrs | {"data-testid": "workshop-table"}
