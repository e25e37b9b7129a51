import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import DibaoStandard, HardshipFile

NO_RIGHT = _("No permission to view")


class HardshipTable(ListTable):
    """Lists never show the sensitive fields; the rights department's export adds them
    (``details_scope``: the Scope of its read-details right)."""

    member = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name_pinyin",
                           linkify=("hardship:detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by=("union__path",))
    year = tables.Column(verbose_name=_("Year"))
    intake = tables.Column(verbose_name=_("Intake"))
    state = tables.Column(verbose_name=_("State"))
    stage = tables.Column(verbose_name=_("Review stage"))
    category = tables.Column(verbose_name=_("Category"))
    main_cause = tables.Column(verbose_name=_("Main cause"), orderable=False)
    household_size = tables.Column(verbose_name=_("Household size"))
    annual_income = tables.Column(verbose_name=_("Household annual income (yuan)"), accessor="pk", orderable=False)
    review_due = tables.DateColumn(verbose_name=_("Yearly re-check due"))
    exit_suggested = tables.BooleanColumn(verbose_name=_("Exit suggested"))

    class Meta(ListTable.Meta):
        model = HardshipFile
        fields = ("member", "union", "year", "intake", "state", "stage", "category", "main_cause", "household_size",
                  "annual_income", "review_due", "exit_suggested")
        attrs = ListTable.Meta.attrs | {"data-testid": "hardship-table"}
        order_by = ("-year", "union")

    details_scope = None

    def render_annual_income(self, record):
        return "***"

    def value_annual_income(self, record):
        if self.details_scope is not None and self.details_scope.covers(record.union.path):
            return yuan(record.annual_income_fen)
        return str(NO_RIGHT)


DETAIL_COLUMNS = (("necessary_spending_fen", _("Necessary annual spending (yuan)")),
                  ("accident_costs_fen", _("Accident or disaster costs (yuan)")),
                  ("dibao_monthly_fen", _("低保 standard applied (yuan)")), ("health", _("Health")),
                  ("disability", _("Disability")), ("bank_name", _("Bank")), ("bank_account", _("Bank account")),
                  ("account_holder", _("Account holder")))


def detail_value(record, field):
    value = getattr(record, field)
    if value is None or value == "":
        return ""
    if field.endswith("_fen"):
        return yuan(value)
    return value.reveal() if hasattr(value, "reveal") else value


class DibaoTable(ListTable):
    region = tables.Column(verbose_name=_("Division"))
    code = tables.Column(verbose_name=_("Division code"), accessor="region_id")
    year = tables.Column(verbose_name=_("Year"))
    monthly_fen = tables.Column(verbose_name=_("低保 standard (yuan per person per month)"))
    note = tables.Column(verbose_name=_("Source"))
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta(ListTable.Meta):
        model = DibaoStandard
        fields = ("region", "code", "year", "monthly_fen", "note")
        attrs = ListTable.Meta.attrs | {"data-testid": "dibao-table"}

    def __init__(self, *args, request=None, **kwargs):
        from gonghui.core.access import has_perm_anywhere

        super().__init__(*args, request=request, **kwargs)
        self.can_change = request is not None and has_perm_anywhere(request.user, "hardship.change_dibaostandard")

    def render_actions(self, record):
        from django.urls import reverse
        from django.utils.html import format_html

        if not self.can_change:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("hardship:dibao_edit", args=[record.pk]), _("Edit"))

    def render_monthly_fen(self, value):
        return yuan(value)

    def value_monthly_fen(self, value):
        return yuan(value)
