import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import AidProvider, LegalAidCase, Request


class RequestTable(ListTable):
    number = tables.Column(verbose_name=_("Number"), linkify=("rights:detail", [tables.A("pk")]))
    received_on = tables.DateColumn(verbose_name=_("Received on"))
    topic = tables.Column(verbose_name=_("Topic"))
    kind = tables.Column(verbose_name=_("Kind"))
    employer_name = tables.Column(verbose_name=_("Employer"))
    union = tables.Column(verbose_name=_("Handling union"), order_by="union__path")
    klass = tables.Column(verbose_name=_("Class"))
    state = tables.Column(verbose_name=_("State"))
    due_on = tables.DateColumn(verbose_name=_("To close by"))
    satisfaction = tables.Column(verbose_name=_("Satisfaction"), default="")
    money_recovered_fen = tables.Column(verbose_name=_("Money recovered (yuan)"))

    class Meta(ListTable.Meta):
        model = Request
        fields = ("number", "received_on", "topic", "kind", "employer_name", "union", "klass", "state", "due_on",
                  "satisfaction", "money_recovered_fen")
        attrs = ListTable.Meta.attrs | {"data-testid": "request-table"}

    def render_state(self, record, value):
        if record.is_overdue:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', value, _("overdue"))
        return value

    def render_money_recovered_fen(self, value):
        return yuan(value)

    def value_money_recovered_fen(self, value):
        return yuan(value)


class LegalAidTable(ListTable):
    number = tables.Column(verbose_name=_("Number"), linkify=("rights:aid_detail", [tables.A("pk")]))
    applicant_name = tables.Column(verbose_name=_("Applicant"))
    applied_on = tables.DateColumn(verbose_name=_("Applied on"))
    basis = tables.Column(verbose_name=_("Eligibility"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    state = tables.Column(verbose_name=_("State"))
    decision_due_on = tables.DateColumn(verbose_name=_("Decide by"))
    provider = tables.Column(verbose_name=_("Lawyer or volunteer"), default="")
    service = tables.Column(verbose_name=_("Service given"), default="")
    result = tables.Column(verbose_name=_("Result"), default="")
    rating = tables.Column(verbose_name=_("Rating"), default="")

    class Meta(ListTable.Meta):
        model = LegalAidCase
        fields = ("number", "applicant_name", "applied_on", "basis", "union", "state", "decision_due_on", "provider",
                  "service", "result", "rating")
        attrs = ListTable.Meta.attrs | {"data-testid": "legal-aid-table"}


class ProviderTable(ListTable):
    name = tables.Column(verbose_name=_("Name"))
    kind = tables.Column(verbose_name=_("Kind"))
    firm = tables.Column(verbose_name=_("Law firm or organisation"))
    licence_no = tables.Column(verbose_name=_("Practising licence number"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    active = tables.BooleanColumn(verbose_name=_("On the roster"))

    class Meta(ListTable.Meta):
        model = AidProvider
        fields = ("name", "kind", "firm", "licence_no", "union", "active")
        attrs = ListTable.Meta.attrs | {"data-testid": "provider-table"}
