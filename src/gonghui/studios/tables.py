import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Alliance, Mentorship, Studio


class StudioTable(ListTable):
    name = tables.Column(verbose_name=_("Studio"), linkify=("studios:detail", [tables.A("pk")]))
    lead = tables.Column(verbose_name=_("Lead"), accessor="lead__name")
    lead_honour = tables.Column(verbose_name=_("Lead's honour"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    grade = tables.Column(verbose_name=_("Grade"))
    recognised_year = tables.Column(verbose_name=_("Recognised in"))
    field = tables.Column(verbose_name=_("Field"))

    class Meta(ListTable.Meta):
        model = Studio
        fields = ("name", "lead", "lead_honour", "union", "grade", "recognised_year", "field")
        attrs = ListTable.Meta.attrs | {"data-testid": "studio-table"}


class MentorshipTable(ListTable):
    mentor = tables.Column(verbose_name=_("Mentor"), accessor="mentor__name",
                           linkify=("studios:mentorship", [tables.A("pk")]))
    apprentice = tables.Column(verbose_name=_("Apprentice"), accessor="apprentice__name")
    studio = tables.Column(verbose_name=_("Studio"), accessor="studio__name", default="")
    starts_on = tables.DateColumn(verbose_name=_("Starts on"))
    ends_on = tables.DateColumn(verbose_name=_("Ends on"))
    start_grade = tables.Column(verbose_name=_("Grade at the start"), default="")
    result_grade = tables.Column(verbose_name=_("Grade reached"), default="")
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Mentorship
        fields = ("mentor", "apprentice", "studio", "starts_on", "ends_on", "start_grade", "result_grade", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "mentorship-table"}


class AllianceTable(ListTable):
    name = tables.Column(verbose_name=_("Alliance"),
                         linkify=lambda record: reverse("studios:list") + f"?alliance={record.pk}")
    union = tables.Column(verbose_name=_("Formed by"), order_by="union__path")
    partners = tables.Column(verbose_name=_("Partner unions"))
    formed_on = tables.DateColumn(verbose_name=_("Formed on"))

    class Meta(ListTable.Meta):
        model = Alliance
        fields = ("name", "union", "partners", "formed_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "alliance-table"}
